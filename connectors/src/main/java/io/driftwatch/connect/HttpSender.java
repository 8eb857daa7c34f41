package io.driftwatch.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * POSTs one JSON payload to an HTTP endpoint once and classifies the outcome.
 *
 * <p>2xx: delivered. 429: retriable, with its Retry-After. 408 and 5xx: retriable (Retry-After
 * honoured when present). Other statuses: permanent. Timeouts and I/O errors: retriable. Every
 * request carries {@code Idempotency-Key}. Failure messages hold the status and a redacted,
 * truncated response body, never the URL or header values. Failure reasons: {@code http-429},
 * {@code http-4xx}, {@code http-5xx}, {@value #TIMEOUT}, {@value #CONNECTION}.
 */
public final class HttpSender {
    /** The header carrying the idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** Failure reason: no answer within the request timeout. */
    public static final String TIMEOUT = "timeout";
    /** Failure reason: the connection could not be made or broke. */
    public static final String CONNECTION = "connection";
    /** Every failure reason {@link #post} reports. */
    public static final List<String> REASONS = List.of(
            DeliveryException.httpReason(429),
            DeliveryException.httpReason(400),
            DeliveryException.httpReason(500),
            DeliveryException.httpReason(300),
            TIMEOUT,
            CONNECTION);

    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final HttpClient client;
    private final URI endpoint;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Clock clock;
    private final Redactor redactor;

    /**
     * @param endpoint where to POST (a secret: it is never logged)
     * @param headers extra headers (values are secrets too)
     */
    public HttpSender(URI endpoint, Map<String, String> headers, Duration timeout, Clock clock) {
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.clock = clock;
        this.redactor = new Redactor().addUrl(endpoint);
        headers.values().forEach(redactor::add);
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends the payload once. */
    public void post(String json, String idempotencyKey) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(IDEMPOTENCY_HEADER, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new DeliveryException.Retriable(
                    TIMEOUT, "request timed out after " + timeout.toMillis() + " ms", null);
        } catch (IOException e) {
            throw new DeliveryException.Retriable(CONNECTION, "I/O error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + redactor.redact(e.getMessage())), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while sending an alert");
        }
        classify(response);
    }

    private void classify(HttpResponse<String> response) throws DeliveryException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String message = "HTTP " + status + bodySnippet(response.body());
        Duration retryAfter = response.headers().firstValue("Retry-After").map(this::parseRetryAfter).orElse(null);
        if (status == 429 || status == 408 || status >= 500) {
            throw new DeliveryException.Retriable(DeliveryException.httpReason(status), message, retryAfter);
        }
        throw new DeliveryException.Permanent(DeliveryException.httpReason(status), message);
    }

    private String bodySnippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip();
        b = b.length() > MAX_BODY_IN_MESSAGE ? b.substring(0, MAX_BODY_IN_MESSAGE) + "..." : b;
        return ": " + redactor.redact(b);
    }

    /** Retry-After as delay-seconds or an HTTP-date; null when unparseable. */
    Duration parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
