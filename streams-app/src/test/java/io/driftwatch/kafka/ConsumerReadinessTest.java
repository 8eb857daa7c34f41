package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Readiness of a plain consumer, driven through a MockConsumer: assignment, end offsets, positions. */
class ConsumerReadinessTest {

    private static final String TOPIC = "drift-triggers";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final ConsumerReadiness readiness = new ConsumerReadiness();
    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

    private void assign(Map<TopicPartition, Long> endOffsets) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(endOffsets);
        consumer.rebalance(endOffsets.keySet());
        endOffsets.keySet().forEach(tp -> consumer.seek(tp, 0));
    }

    @Test
    void notReadyWhileStartingNorBeforeItsAssignment() {
        assertThat(readiness.problems()).containsExactly("starting");
        consumer.subscribe(List.of(TOPIC), readiness);
        readiness.started();
        assertThat(readiness.problems()).containsExactly("waiting for its partition assignment");
    }

    @Test
    void readyOnceEachPartitionReachedTheEndOffsetItHadWhenAssignedAndStaysReadyAsNewRecordsArrive() {
        consumer.subscribe(List.of(TOPIC), readiness);
        readiness.started();
        assign(Map.of(P0, 3L, P1, 0L));
        assertThat(readiness.problems()).containsExactly("reading the end offset of drift-triggers-0",
            "reading the end offset of drift-triggers-1");

        readiness.refresh(consumer);
        assertThat(readiness.problems()).containsExactly("catching up on drift-triggers-0: 3 behind");

        consumer.seek(P0, 2); // two triggers handled
        readiness.refresh(consumer);
        assertThat(readiness.problems()).containsExactly("catching up on drift-triggers-0: 1 behind");

        consumer.seek(P0, 3);
        readiness.refresh(consumer);
        assertThat(readiness.problems()).isEmpty();

        consumer.updateEndOffsets(Map.of(P0, 10L)); // lag building up later is a metric, not unreadiness
        readiness.refresh(consumer);
        assertThat(readiness.problems()).isEmpty();
    }

    @Test
    void aRebalanceMakesItUnreadyUntilTheNewAssignmentIsCaughtUp() {
        consumer.subscribe(List.of(TOPIC), readiness);
        readiness.started();
        assign(Map.of(P0, 0L));
        readiness.refresh(consumer);
        assertThat(readiness.problems()).isEmpty();

        readiness.onPartitionsRevoked(List.of(P0)); // an eager rebalance: everything revoked first
        assertThat(readiness.problems()).containsExactly("waiting for its partition assignment");

        assign(Map.of(P0, 0L, P1, 2L));
        readiness.refresh(consumer);
        assertThat(readiness.problems()).containsExactly("catching up on drift-triggers-1: 2 behind");
    }

    @Test
    void anEmptyAssignmentIsReadyAndAStoppedServiceIsNot() {
        readiness.started();
        readiness.onPartitionsAssigned(List.of()); // more instances than partitions
        assertThat(readiness.problems()).isEmpty();
        readiness.stopped();
        assertThat(readiness.problems()).containsExactly("stopped");
    }
}
