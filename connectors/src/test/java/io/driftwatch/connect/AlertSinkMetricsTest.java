package io.driftwatch.connect;

import static io.driftwatch.connect.AlertSinkMetrics.ALERTS_DELIVERED;
import static io.driftwatch.connect.AlertSinkMetrics.DIGESTS_SENT;
import static io.driftwatch.connect.AlertSinkMetrics.MESSAGES_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counting on its own. The task's counts, read from real plugin metrics, are in SlackSinkTaskTest; the
 * worker's JMX MBeans in AlertConnectorsIT; their Prometheus names in ConnectJmxExporterIT.
 */
class AlertSinkMetricsTest {

    @Test
    void aDigestIsOneMessageOfAllItsAlerts() {
        AlertSinkMetrics metrics = AlertSinkMetrics.unexported();
        metrics.sent(Notification.digestOf(List.of(
                TestAlerts.alert(TestAlerts.trigger("t-1", "LOW"), 0),
                TestAlerts.alert(TestAlerts.trigger("t-2", "LOW"), 1),
                TestAlerts.alert(TestAlerts.trigger("t-3", "MEDIUM"), 2))));
        assertThat(metrics.count(MESSAGES_SENT, null)).isEqualTo(1);
        assertThat(metrics.count(ALERTS_DELIVERED, null)).isEqualTo(3);
        assertThat(metrics.count(DIGESTS_SENT, null)).isEqualTo(1);
    }

    @Test
    void failuresAreCountedByReasonAndRetriesOnlyWhenAnotherAttemptFollows() {
        AlertSinkMetrics metrics = AlertSinkMetrics.unexported();
        metrics.failed("http-5xx", true);
        metrics.failed("http-5xx", false);
        metrics.failed("timeout", true);
        assertThat(metrics.count(AlertSinkMetrics.FAILURES, "http-5xx")).isEqualTo(2);
        assertThat(metrics.count(AlertSinkMetrics.FAILURES, "timeout")).isEqualTo(1);
        assertThat(metrics.count(AlertSinkMetrics.FAILURES, "http-4xx")).isZero();
        assertThat(metrics.count(AlertSinkMetrics.RETRIES, null)).isEqualTo(2);
    }
}
