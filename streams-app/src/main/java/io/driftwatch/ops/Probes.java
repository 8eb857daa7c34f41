package io.driftwatch.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.streams.KafkaStreams;

import io.driftwatch.app.RunningApp;
import io.driftwatch.app.StreamsApp;

/**
 * Liveness and readiness of the apps of one process, for {@code /health} and {@code /ready}.
 *
 * <p>Live: no app has failed (a stream thread's fatal error, ERROR state, a service's fatal error) —
 * a failed app never comes back by itself, so an orchestrator should restart the process. Ready:
 * live, and every app says it is ready ({@link RunningApp#readinessProblems()}): a Kafka Streams app
 * once RUNNING (its state restored), the retrain service once it has its assignment and has consumed
 * its triggers up to the end offsets it found then. Lag building up afterwards is a metric
 * ({@code kafka_consumer_fetch_manager_records_lag_max}), not a readiness condition: an app that is
 * behind should keep working, not be taken out of service.
 */
public final class Probes {

    private final Collection<? extends RunningApp> apps;

    /**
     * @param apps the process's apps; read on every probe, so it may fill up after start (use a concurrent collection)
     */
    public Probes(Collection<? extends RunningApp> apps) {
        this.apps = apps;
    }

    /** Problems that make the process not live; empty when live. */
    public List<String> liveness() {
        List<String> problems = new ArrayList<>();
        for (RunningApp app : apps) {
            if (app.failure() != null
                    || app instanceof StreamsApp s && s.streams().state() == KafkaStreams.State.ERROR) {
                problems.add(app.name() + " failed"
                        + (app.failure() == null
                                ? ""
                                : ": " + app.failure().getClass().getSimpleName()));
            }
        }
        return problems;
    }

    /** Why the process is not ready; empty when ready. An empty process is not ready. */
    public List<String> readiness() {
        List<String> problems = new ArrayList<>(liveness());
        if (apps.isEmpty()) {
            problems.add("no app started yet");
        }
        for (RunningApp app : apps) {
            if (app.failure() == null) {
                problems.addAll(app.readinessProblems());
            }
        }
        return problems;
    }
}
