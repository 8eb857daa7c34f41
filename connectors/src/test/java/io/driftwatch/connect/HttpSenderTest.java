package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.connect.LoopbackHttpServer.Answer;
import io.driftwatch.connect.webhook.WebhookSinkConnector;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSenderTest {
    private final FakeTime time = new FakeTime();

    @Test
    void readsRetryAfterAsAnHttpDateTooAndDoesNotFollowRedirects() throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            HttpSender sender = new HttpSender(URI.create(server.url("/x")), Map.of(), Duration.ofSeconds(5), time);
            // FakeTime starts at 2026-01-01T00:00:00Z
            server.respond((n, body) -> n == 0
                    ? new Answer(429, Map.of("Retry-After", "Thu, 01 Jan 2026 00:00:42 GMT"), "", false)
                    : new Answer(302, Map.of("Location", "http://127.0.0.1:1/elsewhere"), "", false));

            assertThatThrownBy(() -> sender.post("{}", "k-1"))
                    .isInstanceOfSatisfying(DeliveryException.Retriable.class, e -> {
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
                        assertThat(e.reason()).isEqualTo("http-429");
                    });
            assertThatThrownBy(() -> sender.post("{}", "k-1")).isInstanceOfSatisfying(DeliveryException.Permanent.class,
                    e -> assertThat(e.reason()).isEqualTo("http-3xx")).hasMessage("HTTP 302");
        }
    }

    @Test
    void longResponseBodiesAreTruncatedInFailureMessages() throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.respond((n, body) -> Answer.status(400, "e".repeat(1_000)));
            HttpSender sender = new HttpSender(URI.create(server.url("/x")), Map.of(), Duration.ofSeconds(5), time);
            assertThatThrownBy(() -> sender.post("{}", "k")).hasMessage("HTTP 400: " + "e".repeat(200) + "...");
        }
    }

    @Test
    void restrictedOrInvalidHeadersAreRejectedAtValidationWithoutTheirValue() {
        var result = new WebhookSinkConnector().validate(Map.of("webhook.url", "https://example.com/hook",
                "webhook.headers", "Host: s3cr3t.example.com"));
        assertThat(result.configValues())
                .filteredOn(v -> v.name().equals("webhook.headers"))
                .singleElement()
                .satisfies(v -> assertThat(v.errorMessages())
                        .containsExactly(
                                "Invalid value [hidden] for configuration webhook.headers: header 'Host' is restricted"
                                        + " or has an invalid name or value"));
    }
}
