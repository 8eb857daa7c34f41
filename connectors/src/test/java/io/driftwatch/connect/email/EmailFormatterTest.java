package io.driftwatch.connect.email;

import static io.driftwatch.connect.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.connect.Notification;
import io.driftwatch.connect.TestAlerts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailFormatterTest {
    private final EmailFormatter formatter = new EmailFormatter("[dw]");

    @Test
    void triggerEmail() {
        EmailFormatter.Email e = formatter.format(Notification.single(alert(TestAlerts.trigger("t-1", "HIGH"), 1),
                List.of(alert(TestAlerts.trigger("t-0", "LOW"), 0))));
        assertThat(e.subject()).isEqualTo("[dw] \uD83D\uDFE0 HIGH \u00b7 Performance degradation on usdclp-ets:7d");
        assertThat(e.text()).contains("Series: USDCLP\n", "Degradation: 25.08%\n",
                        "+ 1 more alert for this model held back by the rate limit")
                .endsWith("ref: t-1");
        assertThat(e.html()).contains("<b>Degradation</b></td><td>25.08%</td>", "<i>+ 1 more alert");
    }

    @Test
    void anomalyEmail() {
        EmailFormatter.Email e =
                formatter.format(Notification.single(alert(TestAlerts.anomaly("a-1", "MEDIUM"), 1), List.of()));
        assertThat(e.subject()).endsWith("MEDIUM \u00b7 Anomaly on tenant-a/store-7 (sales-hw:1d)");
        assertThat(e.text()).contains("Actual: 1520\n", "Forecast: 980.5\n", "Median / MAD: 12 / 58.1\n");
    }

    @Test
    void opsAlertEmailEscapesHtml() {
        Map<String, Object> ops = TestAlerts.opsAlert("o-1", "CRITICAL");
        ops.put("message", "<script>alert('x')</script> & more");
        EmailFormatter.Email e = formatter.format(Notification.single(alert(ops, 1), List.of()));
        assertThat(e.subject()).endsWith("CRITICAL \u00b7 Rollback executed on usdclp-ets:30d");
        assertThat(e.text()).contains("<script>alert('x')</script> & more");
        assertThat(e.html()).contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; more").doesNotContain("<script>");
    }
}
