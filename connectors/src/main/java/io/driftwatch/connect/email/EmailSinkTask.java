package io.driftwatch.connect.email;

import io.driftwatch.connect.AlertSinkConfig;
import io.driftwatch.connect.AlertSinkTask;
import io.driftwatch.connect.Channel;
import io.driftwatch.connect.DigestBuffer;
import io.driftwatch.retry.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Emails each alert (or a digest of low-urgency ones) over SMTP. */
public class EmailSinkTask extends AlertSinkTask {

    public EmailSinkTask() {
    }

    /** For tests: injected clock, sleeper and jitter source. */
    public EmailSinkTask(Clock clock, Sleeper sleeper, Random random) {
        super(clock, sleeper, random);
    }

    @Override
    protected AlertSinkConfig parseConfig(Map<String, String> props) {
        return new EmailSinkConfig(props);
    }

    @Override
    protected List<String> failureReasons() {
        return SmtpChannel.REASONS;
    }

    @Override
    protected Channel openChannel(AlertSinkConfig config, Clock clock) {
        return new SmtpChannel((EmailSinkConfig) config);
    }

    @Override
    protected DigestBuffer digestBuffer(AlertSinkConfig config) {
        EmailSinkConfig email = (EmailSinkConfig) config;
        return email.digestEnabled()
                ? new DigestBuffer(email.digestIntervalMs(), email.digestMaxAlerts(), email.digestSeverities())
                : null;
    }
}
