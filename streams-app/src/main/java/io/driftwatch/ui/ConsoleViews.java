package io.driftwatch.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.driftwatch.topics.ModelKey;

/**
 * The JSON views of the console's API (docs/console.md), rendered from {@link ConsoleState} under its read lock.
 * Times are epoch millis; unknown figures are {@code null}. A view of an unknown model or series is null (404).
 */
final class ConsoleViews {

    private static final JsonFactory JSON = new JsonFactory();

    private final ConsoleState state;

    ConsoleViews(ConsoleState state) {
        this.state = state;
    }

    /** {@code GET /api/fleet?tenant=}: one entry per model:horizon, tenant null for all. */
    byte[] fleet(String tenant) {
        return state.read(models -> write(g -> {
            g.writeStartObject();
            g.writeNumberField("updated", state.updated());
            g.writeArrayFieldStart("models");
            for (ModelAggregate m : models.values()) {
                if (tenant != null && !tenant.equals(m.tenant)) {
                    continue;
                }
                ModelAggregate.Evaluation latest = m.evaluations.peekLast();
                g.writeStartObject();
                header(g, m);
                g.writeFieldName("lastTrigger");
                if (m.lastTrigger == null) {
                    g.writeNull();
                } else {
                    g.writeStartObject();
                    g.writeStringField("id", m.lastTrigger.id());
                    g.writeStringField("type", m.lastTrigger.type());
                    g.writeStringField("severity", m.lastTrigger.severity());
                    g.writeNumberField("time", m.lastTrigger.time());
                    g.writeStringField("series", m.lastTrigger.series());
                    g.writeEndObject();
                }
                number(g, "recentRmse", latest == null ? Double.NaN : latest.rmse());
                number(g, "baselineRmse", latest == null ? Double.NaN : latest.baselineRmse());
                g.writeFieldName("seriesFlagged");
                if (latest == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(latest.seriesFlagged());
                }
                g.writeNumberField("evaluations", m.evaluationCount);
                g.writeNumberField("series", m.series.size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** {@code GET /api/models/{model}/{horizon}}: evaluations, triggers, versions, series ranked. */
    byte[] model(String model, String horizon, long from, long to, int seriesLimit) {
        return state.read(models -> {
            ModelAggregate m = models.get(ModelKey.of(model, horizon));
            if (m == null) {
                return null;
            }
            return write(g -> {
                g.writeStartObject();
                header(g, m);
                ModelAggregate.Evaluation latest = m.evaluations.peekLast();
                number(g, "threshold", latest == null ? Double.NaN : latest.threshold());
                g.writeArrayFieldStart("evaluations");
                for (ModelAggregate.Evaluation e : m.evaluations) {
                    if (e.time() >= from && e.time() <= to) {
                        evaluation(g, e);
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("triggers");
                for (ModelAggregate.Trigger t : m.triggers) {
                    if (t.time() >= from && t.time() <= to) {
                        trigger(g, t);
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("versions");
                for (ModelAggregate.VersionEvent v : m.versions) {
                    if (v.time() >= from && v.time() <= to) {
                        version(g, v);
                    }
                }
                g.writeEndArray();
                seriesRanking(g, m, from, to, seriesLimit);
                g.writeEndObject();
            });
        });
    }

    /** {@code GET /api/series/{model}/{horizon}/{series}}: points, anomalies, drift results. */
    byte[] series(String model, String horizon, String series, long from, long to) {
        return state.read(models -> {
            ModelAggregate m = models.get(ModelKey.of(model, horizon));
            SeriesRing ring = m == null ? null : m.series.get(series);
            ArrayDeque<ModelAggregate.Anomaly> anomalies = m == null ? null : m.anomalies.get(series);
            ArrayDeque<ModelAggregate.Drift> drift = m == null ? null : m.drift.get(series);
            if (ring == null && anomalies == null && drift == null) {
                return null;
            }
            return write(g -> {
                g.writeStartObject();
                g.writeStringField("model", model);
                g.writeStringField("horizon", horizon);
                g.writeStringField("series", series);
                g.writeArrayFieldStart("points");
                if (ring != null) {
                    for (int i : ring.indexesBetween(from, to)) {
                        g.writeStartObject();
                        g.writeNumberField("time", ring.time(i));
                        number(g, "actual", ring.actual(i));
                        number(g, "predicted", ring.predicted(i));
                        number(g, "lower", ring.lower(i));
                        number(g, "upper", ring.upper(i));
                        g.writeNumberField("configVersion", ring.version(i));
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("anomalies");
                if (anomalies != null) {
                    for (ModelAggregate.Anomaly a : anomalies) {
                        if (a.time() >= from && a.time() <= to) {
                            g.writeStartObject();
                            g.writeNumberField("time", a.time());
                            number(g, "value", a.value());
                            number(g, "score", a.score());
                            g.writeStringField("severity", a.severity());
                            g.writeEndObject();
                        }
                    }
                }
                g.writeEndArray();
                g.writeArrayFieldStart("drift");
                if (drift != null) {
                    for (ModelAggregate.Drift d : drift) {
                        if (d.time() >= from && d.time() <= to) {
                            g.writeStartObject();
                            g.writeNumberField("time", d.time());
                            g.writeStringField("test", d.test());
                            number(g, "pValue", d.pValue());
                            number(g, "qValue", d.qValue());
                            g.writeBooleanField("flagged", d.flagged());
                            g.writeEndObject();
                        }
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        });
    }

    private static void header(JsonGenerator g, ModelAggregate m) throws IOException {
        g.writeStringField("model", m.model);
        g.writeStringField("horizon", m.horizon);
        g.writeStringField("tenant", m.tenant);
        g.writeFieldName("configVersion");
        if (m.configVersion == null) {
            g.writeNull();
        } else {
            g.writeNumber(m.configVersion);
        }
        g.writeStringField("status", m.status());
    }

    private static void evaluation(JsonGenerator g, ModelAggregate.Evaluation e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("time", e.time());
        g.writeNumberField("windowStart", e.windowStart());
        g.writeNumberField("windowEnd", e.windowEnd());
        g.writeNumberField("n", e.n());
        number(g, "rmse", e.rmse());
        number(g, "baselineRmse", e.baselineRmse());
        number(g, "mae", e.mae());
        number(g, "mape", e.mape());
        number(g, "bias", e.bias());
        number(g, "coverage", e.coverage());
        number(g, "threshold", e.threshold());
        number(g, "pValue", e.pValue());
        g.writeNumberField("seriesFlagged", e.seriesFlagged());
        g.writeBooleanField("triggered", e.triggered());
        g.writeStringField("triggerId", e.triggerIds().isEmpty() ? null : e.triggerIds().get(0));
        g.writeEndObject();
    }

    private static void trigger(JsonGenerator g, ModelAggregate.Trigger t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.id());
        g.writeNumberField("time", t.time());
        g.writeStringField("type", t.type());
        g.writeStringField("severity", t.severity());
        g.writeStringField("recommendedAction", t.recommendedAction());
        g.writeStringField("series", t.series());
        g.writeBooleanField("suppressed", t.suppressed());
        g.writeStringField("test", t.test());
        g.writeStringField("reason", t.reason());
        g.writeObjectFieldStart("figures");
        for (Map.Entry<String, Double> f : t.figures().entrySet()) {
            number(g, f.getKey(), f.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void version(JsonGenerator g, ModelAggregate.VersionEvent v) throws IOException {
        g.writeStartObject();
        g.writeFieldName("version");
        if (v.version() == null) {
            g.writeNull();
        } else {
            g.writeNumber(v.version());
        }
        g.writeNumberField("time", v.time());
        g.writeStringField("event", v.event());
        g.writeStringField("algorithm", v.algorithm());
        g.writeStringField("reason", v.reason());
        g.writeArrayFieldStart("validation");
        for (ModelAggregate.Criterion c : v.validation()) {
            g.writeStartObject();
            g.writeStringField("criterion", c.criterion());
            number(g, "candidate", c.candidate());
            number(g, "current", c.current());
            number(g, "threshold", c.threshold());
            g.writeBooleanField("passed", c.passed());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One series' share of the model's squared error over [from, to]. */
    private record Ranked(String series, double sse, long n) { }

    /**
     * The series ranked by their contribution to the model's sum of squared errors over the points held with time
     * in [from, to]; flagged when a kept trigger of the model names the series in that range.
     */
    private static void seriesRanking(JsonGenerator g, ModelAggregate m, long from, long to, int limit)
            throws IOException {
        List<Ranked> ranked = new ArrayList<>(m.series.size());
        double[] sc = new double[2];
        double total = 0;
        for (Map.Entry<String, SeriesRing> e : m.series.entrySet()) {
            e.getValue().squaredErrors(from, to, sc);
            ranked.add(new Ranked(e.getKey(), sc[0], (long) sc[1]));
            total += sc[0];
        }
        ranked.sort(Comparator.comparingDouble(Ranked::sse).reversed().thenComparing(Ranked::series));
        Set<String> flagged = new HashSet<>();
        for (ModelAggregate.Trigger t : m.triggers) {
            if (t.series() != null && !t.suppressed() && t.time() >= from && t.time() <= to) {
                flagged.add(t.series());
            }
        }
        g.writeNumberField("seriesCount", ranked.size());
        g.writeArrayFieldStart("series");
        for (int i = 0; i < Math.min(limit, ranked.size()); i++) {
            Ranked r = ranked.get(i);
            g.writeStartObject();
            g.writeStringField("series", r.series());
            number(g, "contribution", total > 0 ? r.sse() / total : Double.NaN);
            number(g, "rmse", r.n() > 0 ? Math.sqrt(r.sse() / r.n()) : Double.NaN);
            g.writeNumberField("n", r.n());
            g.writeBooleanField("flagged", flagged.contains(r.series()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
