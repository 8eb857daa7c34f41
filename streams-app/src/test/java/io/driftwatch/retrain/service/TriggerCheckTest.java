package io.driftwatch.retrain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.kafka.BadRecords;
import io.driftwatch.kafka.BadRecords.Bad;
import io.driftwatch.kafka.BadRecords.Kind;
import io.driftwatch.kafka.DeadLetterRecords;
import io.driftwatch.topics.Topics;

/**
 * Every kind of bad drift trigger is refused, by decoding or by {@link TriggerCheck}, with the
 * reason its dead letter carries; {@link RetrainBadTriggersIT} proves they reach dead-letters in
 * the transaction of their offset while the good triggers around them are handled once.
 */
class TriggerCheckTest {

    static final long NOW = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    static final Map<Kind, String> REASONS = Map.of(
            Kind.NON_FINITE, "non-finite-recent-rmse",
            Kind.NEGATIVE_TIME, "detected-at-before-1970",
            Kind.YEAR_9999, "detected-at-in-future",
            Kind.KEY_MISMATCH, "key-not-model-horizon",
            Kind.TOMBSTONE, "null-value");

    private final Deserializer<DriftTrigger> serde =
            Topics.from(new RetrainConfig(Map.of())).driftTriggers.valueSerde().deserializer();

    static DriftTrigger good() {
        return DriftTrigger.newBuilder(RetrainFixtures.trigger("t-bad", "m", Recommendation.RETRAIN, 1, false))
                .setDetectedAt(Instant.ofEpochMilli(NOW)).setRecentRmse(2.0).build();
    }

    static Stream<Arguments> cases() {
        return BadRecords.of(new BadRecords.Spec<>(good(), "m:7d", "trigger_id", "recent_rmse", "detected_at",
            "trigger_id", "recommendation")).values().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "drift-triggers: {0}")
    @MethodSource("cases")
    void everyKindOfBadTriggerIsRefusedWithItsReason(Bad bad) {
        if (!bad.kind().decodes()) {
            assertThatThrownBy(() -> serde.deserialize("drift-triggers", bad.value()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Cannot deserialize DriftTrigger from topic 'drift-triggers': ");
            return;
        }
        assertThatThrownBy(() -> TriggerCheck.check(bad.key(), serde.deserialize("drift-triggers", bad.value()), NOW))
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith(REASONS.get(bad.kind()) + ": ");
    }

    @Test
    void aGoodTriggerPasses() {
        assertThat(TriggerCheck.check("m:7d", good(), NOW)).isEqualTo(good());
    }

    @Test
    void aNonFiniteDetailIsRefusedWithABoundedReasonCode() {
        DriftTrigger t = DriftTrigger.newBuilder(good()).setDetails(Map.of("psi", Double.POSITIVE_INFINITY)).build();
        assertThatThrownBy(() -> TriggerCheck.check("m:7d", t, NOW))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("non-finite-details: details.psi must be a finite number, was Infinity");
    }

    @Test
    void theDeadLetterKeepsTheBytesAndNamesTheSource() {
        byte[] key = "m:7d".getBytes(StandardCharsets.UTF_8);
        byte[] value = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("p-drift-triggers", 2, 41L, key, value);
        ProducerRecord<byte[], byte[]> dead = DeadLetterRecords.of("p-dead-letters", source,
                new BadRecordException("null-value", "a record without a value (tombstone) is not a drift trigger"));
        assertThat(dead.topic()).isEqualTo("p-dead-letters");
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(header(dead, DeadLetterRecords.TOPIC)).isEqualTo("p-drift-triggers");
        assertThat(header(dead, DeadLetterRecords.PARTITION)).isEqualTo("2");
        assertThat(header(dead, DeadLetterRecords.OFFSET)).isEqualTo("41");
        assertThat(header(dead, DeadLetterRecords.EXCEPTION)).isEqualTo(BadRecordException.class.getName());
        assertThat(header(dead, DeadLetterRecords.MESSAGE)).startsWith("null-value: a record without a value");
        assertThat(header(dead, DeadLetterRecords.STACKTRACE)).contains("TriggerCheckTest");
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
