#!/usr/bin/env python3
"""Sends a file of JSON lines (examples/sales.jsonl, rates.jsonl, actuals.jsonl, predictions.jsonl) to a
driftwatch topic with confluent-kafka (librdkafka), each record keyed by its series_id.

    python3 examples/python/produce_json_lines.py 127.0.0.1:9092 sales-events examples/sales.jsonl

librdkafka hashes keys with crc32 by default; driftwatch keeps each series on the partition the Java
client's murmur2 gives it, so the producer sets partitioner=murmur2_random (murmur2 for keyed records, as
Kafka's Java default). Without it, records land on other partitions and ingest and the monitor re-route
them through an internal topic: same results, one more write and read per record.
Debian/Ubuntu: apt-get install python3-confluent-kafka; elsewhere: pip install confluent-kafka.
"""
import json
import sys

from confluent_kafka import Producer


def main(bootstrap, topic, path):
    producer = Producer({
        "bootstrap.servers": bootstrap,
        "partitioner": "murmur2_random",
        "enable.idempotence": True,
        "acks": "all",
    })
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(err)

    sent = 0
    with open(path) as lines:
        for line in lines:
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)  # build this dict from your own data: field names as in the Avro contracts
            producer.produce(topic, key=record["series_id"], value=json.dumps(record), on_delivery=delivered)
            producer.poll(0)
            sent += 1
    remaining = producer.flush(30)
    if remaining or failures:
        sys.exit(f"{remaining} not delivered, {len(failures)} failed: {failures[:3]}")
    print(f"{sent} sent to {topic}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: produce_json_lines.py BOOTSTRAP_SERVERS TOPIC FILE.jsonl")
    main(*sys.argv[1:])
