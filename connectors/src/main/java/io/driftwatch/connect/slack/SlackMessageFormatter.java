package io.driftwatch.connect.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.avro.Severity;
import io.driftwatch.connect.AlertLayouts;
import io.driftwatch.connect.AlertSummary;
import io.driftwatch.connect.Notification;

/**
 * Renders a {@link Notification} as a Slack Block Kit message.
 *
 * <p>Layout (per record kind, content from {@link AlertLayouts}): a header with the severity emoji
 * and label, what happened and where; a fields section (model:horizon, series, the key numbers);
 * the record's reason; "Next:" with what the system will do; a "+ N more" context line when the
 * rate limiter folded alerts into this one; a context line with the idempotency key ("ref").
 * Respects Slack limits (header 150 chars, 10 fields per section, 2000 chars per field).
 */
public final class SlackMessageFormatter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HEADER_MAX = 150;
    private static final int FIELDS_MAX = 10;

    private final String mention;
    private final Severity mentionFrom;

    public SlackMessageFormatter(String mention, Severity mentionFrom) {
        this.mention = mention == null ? "" : mention.trim();
        this.mentionFrom = mentionFrom;
    }

    public SlackMessageFormatter() {
        this("", Severity.CRITICAL);
    }

    /** The JSON body for Slack's incoming webhook. */
    public String format(Notification notification) {
        AlertSummary s = AlertLayouts.summarize(notification.primary());
        ObjectNode root = JSON.createObjectNode();
        boolean mentioned = !mention.isEmpty() && s.severity().compareTo(mentionFrom) >= 0;
        root.put("text", (mentioned ? mention + " " : "") + escape(s.title()));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put("text", truncate(s.title(), HEADER_MAX))
                .put("emoji", true);
        if (mentioned) {
            section(blocks, mention);
        }
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        if (s.subject() != null) {
            field(fields, "Model", "`" + s.subject() + "`");
        }
        if (s.series() != null) {
            field(fields, "Series", escape(s.series()));
        }
        for (AlertSummary.Fact f : s.facts()) {
            if (fields.size() < FIELDS_MAX) {
                field(fields, escape(f.label()), escape(f.value()));
            }
        }
        if (fields.isEmpty()) {
            blocks.remove(blocks.size() - 1);
        }
        if (s.reason() != null) {
            section(blocks, escape(s.reason()));
        }
        section(blocks, "*Next:* " + escape(s.nextStep()));
        if (!notification.folded().isEmpty()) {
            context(blocks, ":heavy_plus_sign: " + AlertSummary.foldedLine(notification.folded().size()));
        }
        context(blocks, "driftwatch \u00b7 " + notification.primary().kind().label() + " \u00b7 ref `"
                + escape(notification.idempotencyKey()) + "`");
        return root.toString();
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", truncate("*" + label + "*\n" + value, 2000));
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", truncate(mrkdwn, 3000));
    }

    private static void context(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", mrkdwn);
    }

    /** Slack mrkdwn control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
