package io.driftwatch.monitor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.driftwatch.config.Durations;
import io.driftwatch.stats.RelativeChangeRule;
import io.driftwatch.stats.SeverityRules;

/**
 * The thresholds one evaluation uses: the app's settings, overridden by the tenant's and then the
 * model's {@code monitor-settings} record (model wins). An override value that does not parse is
 * logged and ignored, so one bad record cannot stop the monitor.
 */
record Thresholds(
        double degradationThreshold,
        SeverityRules.Thresholds degradationSeverity,
        int minSamples,
        double ksAlpha,
        SeverityRules.Thresholds ksSeverity,
        long maxConfigAgeMs,
        long cooldownMs,
        double mapeCeiling,
        double anomalyZ,
        Map<String, RelativeChangeRule> rules,
        double stalenessThreshold,
        double degradationAlpha,
        double fdrQ,
        double coverageAlpha,
        double coverageMinGap,
        double retrainFraction,
        boolean dependenceEstimated) {

    private static final Logger LOG = LoggerFactory.getLogger(Thresholds.class);

    static Thresholds resolve(
            MonitorConfig config, Map<String, String> tenantOverrides, Map<String, String> modelOverrides) {
        Map<String, String> values = new HashMap<>();
        for (String name : MonitorConfig.OVERRIDABLE) {
            Object v = config.originals().containsKey(name) ? config.originals().get(name) : config.values().get(name);
            values.put(name, String.valueOf(v));
        }
        Thresholds base = parse(values);
        for (Map<String, String> overrides : new Map[] {tenantOverrides, modelOverrides}) {
            if (overrides == null) {
                continue;
            }
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                if (!MonitorConfig.OVERRIDABLE.contains(e.getKey())) {
                    continue;
                }
                Map<String, String> attempt = new HashMap<>(values);
                attempt.put(e.getKey(), e.getValue());
                try {
                    base = parse(attempt);
                    values = attempt;
                } catch (RuntimeException ex) {
                    LOG.warn(
                            "ignoring override {}={} from monitor-settings: {}",
                            e.getKey(),
                            e.getValue(),
                            ex.getMessage());
                }
            }
        }
        return base;
    }

    private static Thresholds parse(Map<String, String> v) {
        double[] deg =
                MonitorConfig.severity(MonitorConfig.DEGRADATION_SEVERITY, v.get(MonitorConfig.DEGRADATION_SEVERITY));
        double[] ks = MonitorConfig.severity(MonitorConfig.KS_SEVERITY, v.get(MonitorConfig.KS_SEVERITY));
        int minSamples = Integer.parseInt(v.get(MonitorConfig.MIN_SAMPLES).trim());
        double degradation = Double.parseDouble(v.get(MonitorConfig.DEGRADATION_THRESHOLD).trim());
        double alpha = Double.parseDouble(v.get(MonitorConfig.KS_ALPHA).trim());
        if (minSamples < 1 || !(degradation >= 0) || !(alpha >= 0 && alpha <= 1)) {
            throw new ConfigException("out of range: min-samples >= 1, degradation.threshold >= 0, ks.alpha in [0,1]");
        }
        return new Thresholds(degradation, new SeverityRules.Thresholds(deg[0], deg[1], deg[2]), minSamples, alpha,
            new SeverityRules.Thresholds(ks[0], ks[1], ks[2]), millis(v.get(MonitorConfig.MAX_CONFIG_AGE)),
            millis(v.get(MonitorConfig.COOLDOWN)), Double.parseDouble(v.get(MonitorConfig.MAPE_CEILING).trim()),
            Double.parseDouble(v.get(MonitorConfig.ANOMALY_Z).trim()), rules(v.get(MonitorConfig.RULES)),
            Double.parseDouble(v.get(MonitorConfig.STALENESS_THRESHOLD).trim()),
            probability(v, MonitorConfig.DEGRADATION_ALPHA), probability(v, MonitorConfig.FDR_Q),
            probability(v, MonitorConfig.COVERAGE_ALPHA), probability(v, MonitorConfig.COVERAGE_MIN_GAP),
            probability(v, MonitorConfig.RETRAIN_FRACTION), dependenceEstimated(v.get(MonitorConfig.DRIFT_DEPENDENCE)));
    }

    private static boolean dependenceEstimated(String text) {
        String t = text.trim();
        if (!t.equals("estimate") && !t.equals("horizon")) {
            throw new ConfigException(MonitorConfig.DRIFT_DEPENDENCE, text, "must be estimate or horizon");
        }
        return t.equals("estimate");
    }

    private static double probability(Map<String, String> v, String name) {
        double x = Double.parseDouble(v.get(name).trim());
        if (!(x >= 0 && x <= 1)) {
            throw new ConfigException(name, x, "must be in [0, 1]");
        }
        return x;
    }

    /** Parses "metric:threshold:direction,..." into rules by metric name. */
    static Map<String, RelativeChangeRule> rules(String text) {
        Map<String, RelativeChangeRule> rules = new TreeMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] f = part.trim().split(":");
            if (f.length != 3) {
                throw new ConfigException(MonitorConfig.RULES, text, "each rule is metric:threshold:direction");
            }
            rules.put(f[0].trim(), new RelativeChangeRule(Double.parseDouble(f[1].trim()),
                RelativeChangeRule.Direction.valueOf(f[2].trim().toUpperCase(Locale.ROOT))));
        }
        return rules;
    }

    private static long millis(String text) {
        Duration d = Durations.parse(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + text);
        }
        return d.toMillis();
    }
}
