package io.driftwatch.connect.webhook;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkTask;
import io.driftwatch.connect.Channel;
import io.driftwatch.connect.HttpSender;
import io.driftwatch.retry.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** POSTs each alert as the configured JSON template (Discord, Teams, Telegram, anything JSON). */
public class WebhookSinkTask extends AlertSinkTask {

    public WebhookSinkTask() {
    }

    /** For tests: injected clock, sleeper and jitter source. */
    public WebhookSinkTask(Clock clock, Sleeper sleeper, Random random) {
        super(clock, sleeper, random);
    }

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new WebhookSinkConfig(props);
    }

    @Override
    protected List<String> failureReasons() {
        return HttpSender.REASONS;
    }

    @Override
    protected Channel openChannel(AlertSinkConfig config, Clock clock) {
        WebhookSinkConfig webhook = (WebhookSinkConfig) config;
        HttpSender sender = new HttpSender(webhook.url(), webhook.headers(), webhook.requestTimeout(), clock);
        JsonTemplate template = webhook.template();
        return n -> sender.post(template.render(n), n.idempotencyKey());
    }
}
