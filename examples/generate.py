#!/usr/bin/env python3
"""Writes the example inputs of this directory (deterministic: run it again, get the same files).

One tenant's daily sales (acme:daily-sales, individual sales with weekly seasonality), one FX rate
(USDCLP, a few ticks per day), the per-day actuals ingest computes from them, and one day-ahead
prediction per day from a model of your own (my-model, horizon 1d), each as JSON lines (what
`./driftwatch produce` reads) and as CSV with the same columns. daily-sales.csv is date,value, what
`./driftwatch backtest --csv` reads.

From day 95 on (2026-04-06) the world changes: acme sells 60% more a day and the rate is four times as
volatile, so the monitor has something to find once its windows (14 days recent, 60 days baseline) see it.
"""
import csv
import json
import math
import random
from datetime import datetime, timedelta, timezone

DAYS = 120
CHANGE_DAY = 95
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
rng = random.Random(7)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(name, fields, rows):
    with open(name + ".jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in fields if r.get(k) is not None}) + "\n")
    with open(name + ".csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(fields)
        for r in rows:
            w.writerow(["" if r.get(k) is None else r[k] for k in fields])


sales, rates, actuals, predictions, daily = [], [], [], [], []
rate = 940.0
for d in range(DAYS):
    day = START + timedelta(days=d)
    weekly = (1.0 + 0.3 * math.sin(2 * math.pi * d / 7)) * (1.6 if d >= CHANGE_DAY else 1.0)
    total = 0.0
    for i in range(rng.randint(20, 30)):
        amount = round(rng.uniform(5, 25) * weekly, 2)
        total += amount
        sales.append({"sale_id": f"s-{d:03d}-{i}", "tenant_id": "acme", "series_id": "acme:daily-sales",
                      "event_time": iso(day + timedelta(hours=8, minutes=19 * i)), "amount": amount})
    total = round(total, 2)
    daily.append((day.strftime("%Y-%m-%d"), total))
    last = None
    for i in range(4):
        rate = round(rate * (1 + rng.gauss(0, 0.008 if d >= CHANGE_DAY else 0.002)), 3)
        last = rate
        rates.append({"series_id": "USDCLP", "event_time": iso(day + timedelta(hours=6 * i + 1)), "value": rate,
                      "source": "example"})
    actuals.append({"series_id": "acme:daily-sales", "tenant_id": "acme", "event_time": iso(day), "value": total})
    actuals.append({"series_id": "USDCLP", "event_time": iso(day), "value": last})
    if d > 0:
        yhat = round(daily[max(0, d - 7)][1] if d >= 7 else daily[d - 1][1], 2)
        predictions.append({"prediction_id": f"my-model-acme-{d:03d}", "model_id": "my-model", "config_version": 1,
                            "series_id": "acme:daily-sales", "tenant_id": "acme", "horizon": "1d",
                            "issued_at": iso(day - timedelta(days=1) + timedelta(hours=23)), "target_time": iso(day),
                            "yhat": yhat, "yhat_lower": round(yhat * 0.6, 2), "yhat_upper": round(yhat * 1.4, 2)})

write("sales", ["sale_id", "tenant_id", "series_id", "event_time", "amount"], sales)
write("rates", ["series_id", "event_time", "value", "source"], rates)
write("actuals", ["series_id", "tenant_id", "event_time", "value"], actuals)
write("predictions", ["prediction_id", "model_id", "config_version", "series_id", "tenant_id", "horizon", "issued_at",
                      "target_time", "yhat", "yhat_lower", "yhat_upper"], predictions)
with open("daily-sales.csv", "w") as f:
    f.write("date,value\n")
    for date, value in daily:
        f.write(f"{date},{value}\n")
