package io.driftwatch.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A SinkTaskContext whose errant record reporter records what it gets (or is absent), with the
 * plugin metrics given (none by default, like a worker that has none).
 */
public final class TestContext implements SinkTaskContext {
    /** One DLQ report. */
    public record Reported(SinkRecord record, Throwable error) { }

    private final boolean withDlq;
    private final Supplier<PluginMetrics> pluginMetrics;
    private final List<Reported> reported = new ArrayList<>();

    public TestContext(boolean withDlq) {
        this(withDlq, () -> null);
    }

    /** @param pluginMetrics what {@link #pluginMetrics()} returns, or throws (an older worker) */
    public TestContext(boolean withDlq, Supplier<PluginMetrics> pluginMetrics) {
        this.withDlq = withDlq;
        this.pluginMetrics = pluginMetrics;
    }

    public List<Reported> reported() {
        return reported;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withDlq) {
            return null;
        }
        return (record, error) -> {
            reported.add(new Reported(record, error));
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics.get();
    }

}
