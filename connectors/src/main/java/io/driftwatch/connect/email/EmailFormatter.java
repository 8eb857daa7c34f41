package io.driftwatch.connect.email;

import io.driftwatch.avro.Severity;
import io.driftwatch.connect.Alert;
import io.driftwatch.connect.AlertLayouts;
import io.driftwatch.connect.AlertSummary;
import io.driftwatch.connect.Notification;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a notification as an email: subject, plain-text body and HTML body (same content).
 *
 * <p>A single alert shows its layout (title, model, series, numbers, reason, next step, "+ N more"
 * line, ref); a digest lists every alert's layout, most severe first, under a count per severity.
 * All record text is HTML-escaped in the HTML part.
 */
public final class EmailFormatter {
    private final String subjectPrefix;

    public EmailFormatter(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix == null || subjectPrefix.isBlank() ? "" : subjectPrefix.trim() + " ";
    }

    /** Subject, text and HTML of one email. */
    public record Email(String subject, String text, String html) { }

    public Email format(Notification n) {
        if (!n.digest()) {
            AlertSummary s = AlertLayouts.summarize(n.primary());
            return new Email(
                    subjectPrefix + s.title(),
                    AlertLayouts.plainText(n),
                    page(s.title(), card(s, n.folded().size())));
        }
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        n.shown().forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
        String tally = counts.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String title =
                "Digest: " + n.shown().size() + " alert" + (n.shown().size() == 1 ? "" : "s") + " (" + tally + ")";
        StringBuilder text = new StringBuilder(title).append("\n\n");
        StringBuilder html = new StringBuilder();
        n.shown().stream().sorted(Comparator.comparing(Alert::severity).reversed()).forEach(a -> {
            AlertSummary s = AlertLayouts.summarize(a);
            text.append(s.toPlainText(0)).append("\n\n");
            html.append(card(s, 0));
        });
        text.append("digest ref: ").append(n.idempotencyKey());
        html.append("<p style=\"color:#888\">digest ref: ").append(esc(n.idempotencyKey())).append("</p>");
        return new Email(subjectPrefix + title, text.toString(), page(title, html.toString()));
    }

    private static String card(AlertSummary s, int folded) {
        StringBuilder h = new StringBuilder("<div style=\"margin-bottom:16px\">");
        h.append("<h3 style=\"margin:0 0 8px 0\">").append(esc(s.title())).append("</h3><table>");
        if (s.subject() != null) {
            row(h, "Model", s.subject());
        }
        if (s.series() != null) {
            row(h, "Series", s.series());
        }
        s.facts().forEach(f -> row(h, f.label(), f.value()));
        h.append("</table>");
        if (s.reason() != null) {
            h.append("<p>").append(esc(s.reason())).append("</p>");
        }
        h.append("<p><b>Next:</b> ").append(esc(s.nextStep())).append("</p>");
        if (folded > 0) {
            h.append("<p><i>").append(esc(AlertSummary.foldedLine(folded))).append("</i></p>");
        }
        h.append("<p style=\"color:#888\">ref: ").append(esc(s.idempotencyKey())).append("</p></div>");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><td style=\"padding-right:12px\"><b>").append(esc(label)).append("</b></td><td>")
                .append(esc(value)).append("</td></tr>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head>"
                + "<body style=\"font-family:sans-serif\">" + body + "</body></html>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
