package io.driftwatch.connect.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.AlertLayouts;
import io.driftwatch.connect.AlertSummary;
import io.driftwatch.connect.Notification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON body with {@code ${name}} placeholders, filled from one notification.
 *
 * <p>Placeholders are replaced by the value's text, JSON-string-escaped (no quotes added: put the
 * placeholder inside a JSON string, {@code "text": "${text}"}, or bare for numbers,
 * {@code "count": ${folded_count}}). Names: every field of the record
 * (schema names, e.g. {@code ${model_id}}, {@code ${severity}}; maps and lists as JSON text) and
 * the derived values {@code title}, {@code text}, {@code body}, {@code next_step},
 * {@code severity_emoji}, {@code kind}, {@code model_horizon}, {@code idempotency_key},
 * {@code folded_count}; derived names win over record fields. Unknown names become "".
 */
public final class JsonTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String template;

    /** @throws IllegalArgumentException when the template is not JSON once placeholders are filled */
    public JsonTemplate(String template) {
        this.template = template;
        String problem = problem(template);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why the template is unusable, or null when it is fine. */
    public static String problem(String template) {
        if (template == null || template.isBlank()) {
            return "template is empty";
        }
        // "0" is valid both inside a JSON string and as a bare number (${folded_count}, ${n_recent})
        String sample = PLACEHOLDER.matcher(template).replaceAll("0");
        try {
            JSON.readTree(sample);
            return null;
        } catch (JsonProcessingException e) {
            return "not valid JSON once placeholders are filled: " + e.getOriginalMessage();
        }
    }

    /** The body for this notification. */
    public String render(Notification notification) {
        return render(values(notification));
    }

    /** The body for these values. */
    public String render(Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(escape(text(v))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Record fields plus the derived values documented on the class. */
    public static Map<String, Object> values(Notification notification) {
        AlertSummary s = AlertLayouts.summarize(notification.primary());
        int folded = notification.folded().size();
        Map<String, Object> values = new LinkedHashMap<>(notification.primary().fields());
        String text = s.toPlainText(folded);
        values.put("title", s.title());
        values.put("text", text);
        values.put("body", text.substring(text.indexOf('\n') + 1));
        values.put("next_step", s.nextStep());
        values.put("severity_emoji", AlertSummary.emoji(s.severity()));
        values.put("kind", notification.primary().kind().name());
        values.put("model_horizon", notification.primary().modelHorizon());
        values.put("idempotency_key", notification.idempotencyKey());
        values.put("folded_count", folded);
        return values;
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map || v instanceof Iterable) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return v.toString();
    }

    private static String escape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
