package io.driftwatch.connect.email;

import static io.driftwatch.connect.TestAlerts.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.driftwatch.connect.AlertSinkMetrics;
import io.driftwatch.connect.FakeTime;
import io.driftwatch.connect.LogCapture;
import io.driftwatch.connect.TestAlerts;
import io.driftwatch.connect.TestContext;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The email sink against GreenMail's in-process SMTP and SMTPS servers (self-signed cert, AUTH). */
class EmailSinkTaskTest {
    private static final String PASSWORD = "pa55-w0rd-xyz";
    private static final TopicPartition TP = new TopicPartition("drift-triggers", 0);

    private GreenMail greenMail;
    private final FakeTime time = new FakeTime();
    private EmailSinkTask task;
    private TestContext context;

    @BeforeEach
    void startServers() {
        greenMail = new GreenMail(
                        new ServerSetup[] {ServerSetupTest.SMTPS.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()})
                .withConfiguration(
                        GreenMailConfiguration.aConfig().withUser("alerts@example.com", "driftwatch", PASSWORD));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        greenMail.stop();
    }

    private Map<String, String> smtps() {
        Map<String, String> p = new HashMap<>();
        p.put("smtp.host", "127.0.0.1");
        p.put("smtp.port", String.valueOf(greenMail.getSmtps().getPort()));
        p.put("smtp.security", "SMTPS");
        p.put("smtp.ssl.trust", "*");
        p.put("smtp.username", "driftwatch");
        p.put("smtp.password", PASSWORD);
        p.put("email.from", "driftwatch@example.com");
        p.put("email.to", "team@example.com");
        p.put("email.to.critical", "team@example.com,oncall@example.com");
        p.put("rate.limit.window.ms", "0");
        p.put("retry.max.retries", "2");
        p.put("request.timeout.ms", "5000");
        return p;
    }

    private void start(Map<String, String> props) {
        task = new EmailSinkTask(time, time, new Random(5));
        context = new TestContext(true);
        task.initialize(context);
        task.start(props);
    }

    private static SinkRecord trigger(long offset, String id, String severity) {
        return record(TP.topic(), TP.partition(), offset, TestAlerts.trigger(id, severity));
    }

    private static String part(MimeMessage m, int index) throws Exception {
        return ((MimeMultipart) m.getContent()).getBodyPart(index).getContent().toString();
    }

    @Test
    void sendsHtmlAndTextAlternativesOverSmtpsWithAuthToTheSeveritysRecipients() throws Exception {
        start(smtps());
        task.put(List.of(trigger(0, "t-1", "CRITICAL"), record("anomalies", 0, 0, TestAlerts.anomaly("a-1", "LOW"))));

        assertThat(greenMail.waitForIncomingEmail(5_000, 3)).isTrue();
        MimeMessage critical = greenMail.getReceivedMessagesForDomain("oncall@example.com")[0];
        assertThat(critical.getSubject())
                .isEqualTo("[driftwatch] \uD83D\uDD34 CRITICAL \u00b7 Performance degradation on usdclp-ets:7d");
        assertThat(critical.getMessageID()).isEqualTo("<t-1@driftwatch>");
        assertThat(critical.getHeader("X-Driftwatch-Idempotency-Key")).containsExactly("t-1");
        assertThat(Arrays.stream(critical.getAllRecipients()).map(Address::toString))
                .containsExactly("team@example.com", "oncall@example.com");
        assertThat(critical.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) critical.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(part(critical, 0)).contains("Model: usdclp-ets:7d (config v3)", "Recent RMSE: 12.35",
                "Next: Retrain", "ref: t-1");
        assertThat(part(critical, 1)).contains("<b>Recent RMSE</b></td><td>12.35</td>", "<b>Next:</b> Retrain");

        MimeMessage low = Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> subject(m).contains("Anomaly")).findFirst().orElseThrow();
        assertThat(Arrays.stream(low.getAllRecipients()).map(Address::toString)).containsExactly("team@example.com");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void plainSmtpWorksForALocalRelayWithoutAuth() throws Exception {
        Map<String, String> p = smtps();
        p.put("smtp.port", String.valueOf(greenMail.getSmtp().getPort()));
        p.put("smtp.security", "NONE");
        p.remove("smtp.username");
        p.remove("smtp.password");
        start(p);
        task.put(List.of(record("ops-alerts", 0, 0, TestAlerts.opsAlert("o-1", "HIGH"))));
        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(part(greenMail.getReceivedMessages()[0], 0)).contains("Rollback executed", "ref: o-1");
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNothingInCleartext() {
        Map<String, String> p = smtps();
        p.put("smtp.port", String.valueOf(greenMail.getSmtp().getPort()));
        p.put("smtp.security", "STARTTLS");
        start(p);
        Throwable failure = catchThrowable(() -> task.put(List.of(trigger(0, "t-1", "HIGH"))));
        assertThat(failure).isInstanceOf(ConnectException.class).hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        assertThat(task.metrics().count(AlertSinkMetrics.FAILURES, SmtpChannel.SMTP_ERROR)).isEqualTo(3);
    }

    @Test
    void aWrongPasswordFailsTheTaskWithoutRevealingAnyPassword() {
        try (LogCapture logs = new LogCapture()) {
            Map<String, String> p = smtps();
            p.put("smtp.password", "wr0ng-s3cret");
            start(p);
            Throwable failure = catchThrowable(() -> task.put(List.of(trigger(0, "t-1", "HIGH"))));

            assertThat(failure).isInstanceOf(ConnectException.class)
                    .hasMessageStartingWith("SMTP authentication failed for user 'driftwatch' at 127.0.0.1:"
                            + greenMail.getSmtps().getPort());
            assertThat(logs.text()).contains("smtp.password = [hidden]");
            for (String text : List.of(logs.text(), String.valueOf(failure))) {
                assertThat(text).doesNotContain("wr0ng-s3cret").doesNotContain(PASSWORD);
            }
            assertThat(context.reported()).as("a config problem is not the record's fault").isEmpty();
        }
    }

    @Test
    void digestBatchesLowAndMediumAlertsPerIntervalAndHoldsTheirOffsetsUntilSent() throws Exception {
        Map<String, String> p = smtps();
        p.put("digest.enabled", "true");
        p.put("digest.interval.ms", "3600000");
        start(p);
        task.put(List.of(trigger(0, "t-1", "LOW"), trigger(1, "t-2", "HIGH"), trigger(2, "t-3", "MEDIUM")));

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(3)))).containsEntry(TP, new OffsetAndMetadata(0));

        time.advance(Duration.ofMinutes(59));
        task.put(List.of());
        assertThat(greenMail.getReceivedMessages()).hasSize(1);

        time.advance(Duration.ofMinutes(1));
        assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(3)))).containsEntry(TP, new OffsetAndMetadata(3));
        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage digest = Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> subject(m).contains("Digest")).findFirst().orElseThrow();
        assertThat(digest.getSubject()).isEqualTo("[driftwatch] Digest: 2 alerts (1 MEDIUM, 1 LOW)");
        assertThat(digest.getMessageID()).startsWith("<digest-");
        String text = part(digest, 0);
        assertThat(text.indexOf("ref: t-3")).as("most severe first").isLessThan(text.indexOf("ref: t-1"));
        assertThat(part(digest, 1))
                .contains("MEDIUM \u00b7 Performance degradation", "LOW \u00b7 Performance degradation");
        assertThat(task.metrics().count(AlertSinkMetrics.DIGESTS_SENT, null)).isEqualTo(1);
        assertThat(task.metrics().count(AlertSinkMetrics.MESSAGES_SENT, null)).isEqualTo(2);
        assertThat(task.metrics().count(AlertSinkMetrics.ALERTS_DELIVERED, null)).isEqualTo(3);
    }
}
