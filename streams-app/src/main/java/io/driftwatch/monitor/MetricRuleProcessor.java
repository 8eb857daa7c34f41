package io.driftwatch.monitor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.Recommendation;
import io.driftwatch.avro.TriggerType;
import io.driftwatch.kafka.BadRecordException;
import io.driftwatch.stats.BanditStaleness;
import io.driftwatch.stats.RelativeChangeRule;
import io.driftwatch.stats.SeverityRules;
import io.driftwatch.topics.ModelKey;
import io.driftwatch.topics.StoreNames;

/**
 * Seed rules on {@code metric-observations}, keyed by model (or tenant when no model is given):
 * per metric, daily buckets of (count, sum, last value); when this partition's stream time passes a
 * bucket boundary plus the bucket grace, each scope is evaluated once: {@link RelativeChangeRule}s
 * on the recent vs reference mean (METRIC_RULE, RETRAIN) and bandit staleness from the latest
 * {@code arm_alpha}/{@code arm_beta} per arm (STALENESS, DECAY). Triggers use horizon {@code *}
 * (metrics are not per horizon) and share a cooldown per scope.
 *
 * <p>State: {@code monitor-metric-buckets}, key {@code scope NUL metric NUL dimension NUL bucket},
 * pruned to recent + reference window at each evaluation; {@code monitor-metric-eval}, one entry per
 * scope (last evaluated end, last unsuppressed RETRAIN) plus one for this partition's last round.
 */
final class MetricRuleProcessor implements Processor<String, MetricObservation, String, DriftTrigger> {

    static final String HORIZON = "*";
    private static final String ROUND = "\u0000round";

    private final MonitorConfig config;
    private final long bucketMs;
    private final long graceMs;
    private final long recentMs;
    private final long baselineMs;
    private ProcessorContext<String, DriftTrigger> context;
    private KeyValueStore<String, byte[]> buckets;
    private KeyValueStore<String, Long> eval;
    private KeyValueStore<String, MonitorSettings> settings;

    MetricRuleProcessor(MonitorConfig config) {
        this.config = config;
        this.bucketMs = config.bucketSize().toMillis();
        this.graceMs = config.bucketGrace().toMillis();
        this.recentMs = config.recentWindow().toMillis();
        this.baselineMs = config.baselineWindow().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, DriftTrigger> context) {
        this.context = context;
        this.buckets = context.getStateStore(StoreNames.MONITOR_METRIC_BUCKETS);
        this.eval = context.getStateStore(StoreNames.MONITOR_METRIC_EVAL);
        this.settings = context.getStateStore(StoreNames.MONITOR_SETTINGS);
    }

    @Override
    public void process(Record<String, MetricObservation> record) {
        MetricObservation o = record.value();
        if (o == null || o.getMetric() == null || o.getMetric().isBlank() || !Double.isFinite(o.getValue())) {
            throw new BadRecordException(
                    "bad-metric-observation", "a metric observation needs a metric name and a finite value");
        }
        String scope =
                o.getModelId() != null ? o.getModelId() : o.getTenantId() != null ? "tenant:" + o.getTenantId() : null;
        if (scope == null) {
            throw new BadRecordException("missing-model-id", "a metric observation needs model_id or tenant_id");
        }
        long t = o.getEventTime().toEpochMilli();
        long start = Math.floorDiv(t, bucketMs) * bucketMs;
        String key =
                Keys.join(scope, o.getMetric(), o.getDimension() == null ? "" : o.getDimension(), Keys.time(start));
        byte[] old = buckets.get(key);
        ByteBuffer b = old == null ? ByteBuffer.allocate(32) : ByteBuffer.wrap(old);
        long count = old == null ? 0 : b.getLong(0);
        double sum = old == null ? 0 : b.getDouble(8);
        long lastTime = old == null ? Long.MIN_VALUE : b.getLong(24);
        double last = t >= lastTime ? o.getValue() : b.getDouble(16);
        buckets.put(key, ByteBuffer.allocate(32).putLong(count + 1).putDouble(sum + o.getValue()).putDouble(last)
            .putLong(Math.max(t, lastTime)).array());
        if (eval.get(scope) == null) {
            eval.put(scope, Long.MIN_VALUE);
        }
        long closed = Math.floorDiv(context.currentStreamTimeMs() - graceMs, bucketMs) * bucketMs;
        Long round = eval.get(ROUND);
        if (round == null || closed > round) {
            eval.put(ROUND, closed);
            evaluateAll(closed);
        }
    }

    private void evaluateAll(long end) {
        Map<String, Map<String, List<KeyValue<String, byte[]>>>> byScope = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] p = Keys.split(kv.key);
                long start = Long.parseLong(p[3]);
                if (start < end - recentMs - baselineMs) {
                    expired.add(kv.key);
                } else if (start < end) {
                    byScope.computeIfAbsent(p[0], s -> new TreeMap<>())
                            .computeIfAbsent(p[1] + Keys.SEP + p[2], m -> new ArrayList<>())
                            .add(kv);
                }
            }
        }
        expired.forEach(buckets::delete);
        for (Map.Entry<String, Map<String, List<KeyValue<String, byte[]>>>> e : byScope.entrySet()) {
            evaluate(e.getKey(), e.getValue(), end);
        }
    }

    private void evaluate(String scope, Map<String, List<KeyValue<String, byte[]>>> series, long end) {
        Thresholds t = thresholds(scope);
        Triggers.Scope sc = new Triggers.Scope(
                scope,
                HORIZON,
                null,
                null,
                end - recentMs,
                end,
                end - recentMs - baselineMs,
                end - recentMs,
                end + graceMs);
        List<DriftTrigger> out = new ArrayList<>();
        Map<String, Double> alphas = new TreeMap<>();
        Map<String, Double> betas = new TreeMap<>();
        for (Map.Entry<String, List<KeyValue<String, byte[]>>> e : series.entrySet()) {
            String[] md = e.getKey().split(String.valueOf(Keys.SEP), -1);
            double[] recent = new double[2];
            double[] reference = new double[2];
            for (KeyValue<String, byte[]> kv : e.getValue()) {
                ByteBuffer b = ByteBuffer.wrap(kv.value);
                double[] target = Long.parseLong(Keys.split(kv.key)[3]) >= end - recentMs ? recent : reference;
                target[0] += b.getLong(0);
                target[1] += b.getDouble(8);
                if (md[0].equals("arm_alpha")) {
                    alphas.put(md[1], b.getDouble(16));
                } else if (md[0].equals("arm_beta")) {
                    betas.put(md[1], b.getDouble(16));
                }
            }
            RelativeChangeRule rule = t.rules().get(md[0]);
            if (rule != null && recent[0] >= t.minSamples() && reference[0] >= t.minSamples()) {
                RelativeChangeRule.Outcome o = rule.evaluate(recent[1] / recent[0], reference[1] / reference[0]);
                if (o.fired()) {
                    out.add(metricTrigger(sc, md[0], md[1], o, recent, reference, rule));
                }
            }
        }
        staleness(sc, alphas, betas, t, out);
        long lastRetrain = eval.get(scope) == null ? Long.MIN_VALUE : eval.get(scope);
        for (DriftTrigger trigger : out) {
            if (trigger.getRecommendation() == Recommendation.RETRAIN) {
                if (lastRetrain != Long.MIN_VALUE && end - lastRetrain < t.cooldownMs()) {
                    trigger = DriftTrigger.newBuilder(trigger).setSuppressed(true).build();
                } else {
                    lastRetrain = end;
                }
            }
            context.forward(new Record<>(ModelKey.of(scope, HORIZON), trigger, end + graceMs));
        }
        eval.put(scope, lastRetrain);
    }

    private static DriftTrigger metricTrigger(
            Triggers.Scope sc,
            String metric,
            String dimension,
            RelativeChangeRule.Outcome o,
            double[] recent,
            double[] reference,
            RelativeChangeRule rule) {
        double change = Math.abs(o.change());
        SeverityRules.Level level =
                change >= 2 * rule.threshold() ? SeverityRules.Level.HIGH : SeverityRules.Level.MEDIUM;
        Map<String, Double> details = new TreeMap<>();
        details.put("recent_mean", recent[1] / recent[0]);
        details.put("reference_mean", reference[1] / reference[0]);
        details.put("relative_change", o.change());
        details.put("threshold", rule.threshold());
        String name = dimension.isEmpty() ? metric : metric + "[" + dimension + "]";
        return DriftTrigger.newBuilder(Triggers.base(sc, null, TriggerType.METRIC_RULE, level, Recommendation.RETRAIN)
                        .build())
                .setTriggerId(
                        Triggers.triggerId(sc.modelId(), sc.horizon(), name, TriggerType.METRIC_RULE, sc.recentEnd()))
                .setMetric(name)
                .setNRecent((long) recent[0])
                .setNReference((long) reference[0])
                .setDetails(details)
                .setReason(String.format(
                        Locale.ROOT,
                        "%s: recent mean %.6g vs reference mean %.6g (%+.1f%%, rule %s %.0f%%)",
                        name,
                        recent[1] / recent[0],
                        reference[1] / reference[0],
                        o.change() * 100,
                        rule.direction(),
                        rule.threshold() * 100))
                .build();
    }

    private static void staleness(
            Triggers.Scope sc,
            Map<String, Double> alphas,
            Map<String, Double> betas,
            Thresholds t,
            List<DriftTrigger> out) {
        List<String> arms = alphas.keySet().stream().filter(betas::containsKey).toList();
        double[] a = arms.stream().mapToDouble(alphas::get).toArray();
        double[] b = arms.stream().mapToDouble(betas::get).toArray();
        if (arms.size() < 2 || !BanditStaleness.isStale(a, b, t.stalenessThreshold())) {
            return;
        }
        double variance = BanditStaleness.posteriorMeanVariance(a, b);
        out.add(DriftTrigger.newBuilder(
                        Triggers.base(sc, null, TriggerType.STALENESS, SeverityRules.Level.MEDIUM, Recommendation.DECAY)
                                .build())
                .setMetric("arm_posterior_mean_variance")
                .setDetails(new TreeMap<>(Map.of(
                        "variance", variance, "threshold", t.stalenessThreshold(), "arms", (double) arms.size())))
                .setReason(String.format(
                        Locale.ROOT,
                        "variance of %d arms' posterior means %.3g < %.3g: decay the prior",
                        arms.size(),
                        variance,
                        t.stalenessThreshold()))
                .build());
    }

    private Thresholds thresholds(String scope) {
        MonitorSettings s = settings.get(scope.startsWith("tenant:") ? scope : "model:" + scope);
        return Thresholds.resolve(config, null, s == null ? null : s.getSettings());
    }
}
