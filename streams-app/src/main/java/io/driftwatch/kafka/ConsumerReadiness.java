package io.driftwatch.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Readiness of a plain consumer service (not Kafka Streams), for {@code /ready}: ready once it has
 * started (read its state, subscribed), has its partition assignment, and has consumed each
 * assigned partition up to the end offset that partition had when it was assigned. Not ready while
 * starting, during a rebalance, while catching up on a new assignment, or after it stopped.
 *
 * <p>Catching up is sticky per assignment, like Kafka Streams' RUNNING: once a partition reached
 * its target, lag that builds up later does not make the service unready (it keeps working; lag is
 * a metric). The end offsets are read with the consumer's own isolation level, so a
 * {@code read_committed} consumer waits for the last stable offset, not for open transactions.
 *
 * <p>Usage: subscribe with this as the rebalance listener and call {@link #refresh(Consumer)} on the
 * consumer's thread after handling each poll's records; {@link #problems()} may be called from
 * any thread.
 *
 * <pre>{@code
 * ConsumerReadiness readiness = new ConsumerReadiness();
 * consumer.subscribe(List.of(topic), readiness);
 * readiness.started();
 * while (running) {
 *     handle(consumer.poll(timeout));
 *     readiness.refresh(consumer);
 * }
 * }</pre>
 */
public final class ConsumerReadiness implements ConsumerRebalanceListener {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private boolean started;
    private boolean assigned;
    private boolean stopped;
    /** Assigned partitions not caught up yet -> end offset at assignment (null until read). */
    private final Map<TopicPartition, Long> targets = new HashMap<>();
    /** Assigned partitions not caught up yet -> last known position. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** Assigned partitions that reached their target. */
    private final Set<TopicPartition> caughtUp = new HashSet<>();

    /** The service has read its start-up state and subscribed. */
    public synchronized void started() {
        started = true;
    }

    /** The service stopped (cleanly or not): not ready any more. */
    public synchronized void stopped() {
        stopped = true;
    }

    @Override
    public synchronized void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned = true;
        for (TopicPartition tp : partitions) {
            if (!caughtUp.contains(tp)) {
                targets.put(tp, null);
            }
        }
    }

    @Override
    public synchronized void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(this::forget);
        if (targets.isEmpty() && caughtUp.isEmpty()) {
            assigned = false; // a rebalance is under way; onPartitionsAssigned follows
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    private void forget(TopicPartition tp) {
        targets.remove(tp);
        positions.remove(tp);
        caughtUp.remove(tp);
    }

    /**
     * Reads the end offsets of newly assigned partitions and the positions of those not caught up
     * yet. Call on the consumer's thread; a lookup that fails or times out is retried next time.
     */
    public void refresh(Consumer<?, ?> consumer) {
        Set<TopicPartition> unknown = partitionsWithoutTarget();
        try {
            if (!unknown.isEmpty()) {
                targets(consumer.endOffsets(unknown, LOOKUP_TIMEOUT));
            }
            Map<TopicPartition, Long> now = new HashMap<>();
            for (TopicPartition tp : partitionsCatchingUp()) {
                now.put(tp, consumer.position(tp, LOOKUP_TIMEOUT));
            }
            positions(now);
        } catch (WakeupException | InterruptException e) {
            throw e; // the service is being stopped
        } catch (KafkaException e) {
            // timeouts, a partition revoked meanwhile: the next refresh tries again
        }
    }

    synchronized Set<TopicPartition> partitionsWithoutTarget() {
        Set<TopicPartition> out = new HashSet<>();
        targets.forEach((tp, target) -> {
            if (target == null) {
                out.add(tp);
            }
        });
        return out;
    }

    synchronized Set<TopicPartition> partitionsCatchingUp() {
        Set<TopicPartition> out = new HashSet<>();
        targets.forEach((tp, target) -> {
            if (target != null) {
                out.add(tp);
            }
        });
        return out;
    }

    /** End offsets read for newly assigned partitions (ignored for partitions no longer assigned). */
    synchronized void targets(Map<TopicPartition, Long> endOffsets) {
        endOffsets.forEach((tp, end) -> {
            if (targets.containsKey(tp)) {
                targets.put(tp, end);
            }
        });
    }

    /** Current positions (next offset to consume); partitions at or past their target are caught up. */
    synchronized void positions(Map<TopicPartition, Long> now) {
        now.forEach((tp, position) -> {
            Long target = targets.get(tp);
            if (target == null) {
                return;
            }
            if (position >= target) {
                targets.remove(tp);
                positions.remove(tp);
                caughtUp.add(tp);
            } else {
                positions.put(tp, position);
            }
        });
    }

    /** Why the service is not ready; empty when it is. */
    public synchronized List<String> problems() {
        if (stopped) {
            return List.of("stopped");
        }
        if (!started) {
            return List.of("starting");
        }
        if (!assigned) {
            return List.of("waiting for its partition assignment");
        }
        List<String> problems = new ArrayList<>();
        targets.keySet().stream()
                .sorted(Comparator.comparing(TopicPartition::toString))
                .forEach(tp -> {
                    Long target = targets.get(tp);
                    Long position = positions.get(tp);
                    problems.add(
                            target == null
                                    ? "reading the end offset of " + tp
                                    : "catching up on " + tp + ": "
                                            + (position == null
                                                    ? "position unknown"
                                                    : (target - position) + " behind"));
                });
        return problems;
    }
}
