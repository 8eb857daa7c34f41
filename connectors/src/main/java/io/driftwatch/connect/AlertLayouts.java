package io.driftwatch.connect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One layout per record kind: turns an {@link Alert} into an {@link AlertSummary}.
 *
 * <p>Only fields present in the record are shown; numbers are rounded for reading (4 significant
 * digits), timestamps are shown in UTC whether they arrive as epoch millis or ISO-8601 text.
 */
public final class AlertLayouts {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertLayouts() {
    }

    /** The summary for any alert kind. */
    public static AlertSummary summarize(Alert alert) {
        return switch (alert.kind()) {
            case TRIGGER -> trigger(alert);
            case ANOMALY -> anomaly(alert);
            case OPS_ALERT -> opsAlert(alert);
        };
    }

    /**
     * The plain-text message of a single-alert notification ("+ N more" line included): the email's
     * text part and the console sink's output.
     */
    public static String plainText(Notification n) {
        return summarize(n.primary()).toPlainText(n.folded().size());
    }

    static AlertSummary trigger(Alert a) {
        boolean suppressed = a.suppressed();
        String title = head(a) + AlertSummary.humanize(a.text("type")) + " on " + a.modelHorizon()
                + (suppressed ? " (suppressed by cooldown)" : "");
        List<AlertSummary.Fact> facts = new ArrayList<>();
        add(facts, "Recent RMSE", num(a, "recent_rmse"));
        add(facts, "Baseline RMSE", num(a, "baseline_rmse"));
        add(facts, "Degradation", pct(a.fields().get("degradation_pct")));
        add(facts, "KS statistic", num(a, "ks_statistic"));
        add(facts, "KS p-value", num(a, "ks_pvalue"));
        if (a.fields().get("n_recent") != null || a.fields().get("n_reference") != null) {
            add(
                    facts,
                    "Samples (recent/reference)",
                    orDash(a.text("n_recent")) + " / " + orDash(a.text("n_reference")));
        }
        add(facts, "Metric", a.text("metric"));
        add(facts, "Recent window", window(a.fields().get("recent_window_start"), a.fields().get("recent_window_end")));
        add(facts, "Detected", time(a.fields().get("detected_at")));
        String next = suppressed
                ? "Nothing: a cooldown is active for this model, so no " + recommendationVerb(a.text("recommendation"))
                        + " starts from this trigger."
                : nextForRecommendation(a.text("recommendation"));
        return new AlertSummary(a.severity(), title, subject(a), a.text("series_id"), facts, a.text("reason"), next,
                a.idempotencyKey());
    }

    static AlertSummary anomaly(Alert a) {
        String title = head(a) + "Anomaly on " + a.text("series_id") + " (" + a.modelHorizon() + ")";
        List<AlertSummary.Fact> facts = new ArrayList<>();
        add(facts, "Actual", num(a, "actual"));
        add(facts, "Forecast", num(a, "yhat"));
        add(facts, "Residual", num(a, "residual"));
        add(
                facts,
                "Robust z",
                num(a, "robust_z")
                        + (a.fields().get("threshold") == null ? "" : " (threshold " + num(a, "threshold") + ")"));
        add(facts, "Median / MAD", num(a, "median") == null ? null : num(a, "median") + " / " + num(a, "mad"));
        add(facts, "Event time", time(a.fields().get("event_time")));
        add(facts, "Detected", time(a.fields().get("detected_at")));
        String next = "No automatic action: anomalies are reported, not acted on. If they persist, the monitor's "
                + "drift checks will raise a trigger and a retrain.";
        return new AlertSummary(
                a.severity(), title, subject(a), a.text("series_id"), facts, null, next, a.idempotencyKey());
    }

    static AlertSummary opsAlert(Alert a) {
        String where = a.modelHorizon() == null ? "" : " on " + a.modelHorizon();
        String title = head(a) + AlertSummary.humanize(a.text("type")) + where;
        List<AlertSummary.Fact> facts = new ArrayList<>();
        if (a.fields().get("details") instanceof Map<?, ?> details) {
            details.entrySet().stream().limit(12)
                    .forEach(e -> add(facts, String.valueOf(e.getKey()), format(e.getValue())));
        }
        add(facts, "Created", time(a.fields().get("created_at")));
        return new AlertSummary(a.severity(), title, subject(a), null, facts, a.text("message"),
                nextForOps(a.text("type")), a.idempotencyKey());
    }

    static String nextForRecommendation(String recommendation) {
        return switch (recommendation == null ? "" : recommendation.toUpperCase(Locale.ROOT)) {
            case "RETRAIN" -> "Retrain: search hyperparameters, backtest the candidates, and promote one only if it"
                    + " beats the current config on every validation criterion.";
            case "DECAY" -> "Decay the bandit priors (alpha and beta x 0.9) so recent outcomes weigh more.";
            case "ROLLBACK" -> "Roll back: republish the previous config version as a new version.";
            case "CONTINUE" -> "No change: keep the current config and keep watching.";
            default -> "No recommendation in the record: no automatic action.";
        };
    }

    private static String recommendationVerb(String recommendation) {
        return recommendation == null ? "action" : recommendation.toLowerCase(Locale.ROOT);
    }

    static String nextForOps(String type) {
        return switch (type == null ? "" : type.toUpperCase(Locale.ROOT)) {
            case "VALIDATION_FAILED_REPEATEDLY" ->
                "The current config stays in service; look at the retrain reports"
                        + " before the next trigger retries.";
            case "PROMOTION_FAILED" -> "The current config stays in service; the next trigger retries the promotion.";
            case "ROLLBACK_EXECUTED" -> "The previous version is live again; the post-deploy watch keeps comparing it.";
            case "OPTIMISATION_SLOW" -> "The search falls back to random search within its time budget.";
            case "STALE_MODEL" -> "A time-based retrain is scheduled for this model.";
            case "DEAD_LETTER_BACKLOG" -> "Nothing automatic: inspect the dead-letters topic.";
            case "MODEL_NOT_FORECAST" ->
                "Nothing automatic: retrain this model with your own pipeline on drift-triggers.";
            default -> "Nothing automatic: an operator should look at it.";
        };
    }

    private static String head(Alert a) {
        return AlertSummary.emoji(a.severity()) + " " + a.severity() + " \u00b7 ";
    }

    private static String subject(Alert a) {
        String mh = a.modelHorizon();
        Object version = a.fields().get("config_version");
        return mh == null ? null : version == null ? mh : mh + " (config v" + version + ")";
    }

    private static void add(List<AlertSummary.Fact> facts, String label, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new AlertSummary.Fact(label, value));
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String num(Alert a, String field) {
        Object v = a.fields().get(field);
        return v == null ? null : format(v);
    }

    /** Numbers to 4 significant digits, anything else as text. */
    static String format(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    private static String pct(Object v) {
        return v == null ? null : format(v instanceof Number n ? n.doubleValue() : v) + "%";
    }

    private static String window(Object start, Object end) {
        String s = time(start);
        String e = time(end);
        return s == null && e == null ? null : orDash(s) + " \u2192 " + orDash(e);
    }

    /** Epoch millis or ISO-8601 text -> "yyyy-MM-dd HH:mm UTC"; unparseable text is shown as is. */
    static String time(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return TIME.format(Instant.ofEpochMilli(n.longValue()));
        }
        String s = v.toString();
        try {
            return TIME.format(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return TIME.format(Instant.ofEpochMilli(Long.parseLong(s)));
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }
}
