package io.driftwatch.connect.slack;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkTask;
import io.driftwatch.connect.Channel;
import io.driftwatch.connect.HttpSender;
import io.driftwatch.retry.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Posts each alert to a Slack incoming webhook as a Block Kit message. */
public class SlackSinkTask extends AlertSinkTask {

    public SlackSinkTask() {
    }

    /** For tests: injected clock, sleeper and jitter source. */
    public SlackSinkTask(Clock clock, Sleeper sleeper, Random random) {
        super(clock, sleeper, random);
    }

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new SlackSinkConfig(props);
    }

    @Override
    protected List<String> failureReasons() {
        return HttpSender.REASONS;
    }

    @Override
    protected Channel openChannel(AlertSinkConfig config, Clock clock) {
        SlackSinkConfig slack = (SlackSinkConfig) config;
        HttpSender sender = new HttpSender(slack.webhookUrl(), Map.of(), slack.requestTimeout(), clock);
        SlackMessageFormatter formatter = new SlackMessageFormatter(slack.mention(), slack.mentionMinSeverity());
        return n -> sender.post(formatter.format(n), n.idempotencyKey());
    }
}
