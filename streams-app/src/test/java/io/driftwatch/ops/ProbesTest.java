package io.driftwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.driftwatch.app.AbstractRunningApp;

/** /health and /ready of a process from what its apps report: failure first, then each app's own readiness. */
class ProbesTest {

    /** An app whose readiness and failure the test sets. */
    private static final class FakeApp extends AbstractRunningApp {
        volatile List<String> problems = List.of();

        FakeApp(String name) {
            super(name);
        }

        void fail(Throwable e) {
            failed(e);
            markStopped();
        }

        @Override
        public FakeApp start() {
            return this;
        }

        @Override
        public FakeApp awaitRunning(Duration timeout) {
            return this;
        }

        @Override
        public List<String> readinessProblems() {
            return problems;
        }

        @Override
        public void close() {
            markStopped();
        }
    }

    @Test
    void readyWhenEveryAppIsReadyAndLiveUntilOneFails() {
        List<FakeApp> apps = new CopyOnWriteArrayList<>();
        Probes probes = new Probes(apps);
        assertThat(probes.readiness()).containsExactly("no app started yet");

        FakeApp retrain = new FakeApp("retrain");
        FakeApp ingest = new FakeApp("ingest");
        apps.addAll(List.of(retrain, ingest));
        retrain.problems = List.of("retrain catching up on drift-triggers-0: 2 behind");
        assertThat(probes.liveness()).isEmpty();
        assertThat(probes.readiness()).containsExactly("retrain catching up on drift-triggers-0: 2 behind");

        retrain.problems = List.of();
        assertThat(probes.readiness()).isEmpty();

        ingest.problems = List.of("ingest REBALANCING");
        ingest.fail(new IllegalStateException("boom"));
        assertThat(probes.liveness()).containsExactly("ingest failed: IllegalStateException");
        assertThat(probes.readiness())
                .as("a failed app is reported once, as failed")
                .containsExactly("ingest failed: IllegalStateException");
    }
}
