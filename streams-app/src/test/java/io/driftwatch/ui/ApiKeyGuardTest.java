package io.driftwatch.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.driftwatch.ui.ApiKeyGuard.Decision;

class ApiKeyGuardTest {

    private static final String KEY = "0123456789abcdef-key";
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ApiKeyGuard guard = new ApiKeyGuard(KEY, 3, clock::get);

    @Test
    void theRightKeyPassesAWrongOneIsRefusedAndNoKeyIsRefusedWithoutCounting() {
        assertThat(guard.check("10.0.0.1", KEY, null)).isEqualTo(Decision.ALLOWED);
        assertThat(guard.check("10.0.0.1", "wrong", null)).isEqualTo(Decision.UNAUTHORIZED);
        for (int i = 0; i < 10; i++) {
            assertThat(guard.check("10.0.0.1", null, null)).isEqualTo(Decision.UNAUTHORIZED);
        }
        assertThat(guard.limited("10.0.0.1")).isFalse();
    }

    @Test
    void failuresPerAddressAreLimitedForAMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.check("10.0.0.1", "wrong" + i, null)).isEqualTo(Decision.UNAUTHORIZED);
        }
        // even the right key waits: the limit is on the address, not on the key tried
        assertThat(guard.check("10.0.0.1", KEY, null)).isEqualTo(Decision.RATE_LIMITED);
        assertThat(guard.check("10.0.0.2", KEY, null)).isEqualTo(Decision.ALLOWED);
        clock.addAndGet(59_999);
        assertThat(guard.check("10.0.0.1", KEY, null)).isEqualTo(Decision.RATE_LIMITED);
        clock.addAndGet(1);
        assertThat(guard.check("10.0.0.1", KEY, null)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void loginGivesASessionThatExpiresAndWrongLoginsCount() {
        String session = guard.login("10.0.0.1", KEY);
        assertThat(session).isNotNull().doesNotContain(KEY);
        assertThat(guard.check("10.0.0.1", null, session)).isEqualTo(Decision.ALLOWED);
        assertThat(guard.check("10.0.0.1", null, "forged")).isEqualTo(Decision.UNAUTHORIZED);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.login("10.0.0.9", "nope")).isNull();
        }
        assertThat(guard.limited("10.0.0.9")).isTrue();
        assertThat(guard.login("10.0.0.9", KEY)).isNull();
        clock.addAndGet(ApiKeyGuard.SESSION_HOURS * 3_600_000);
        assertThat(guard.check("10.0.0.1", null, session)).isEqualTo(Decision.UNAUTHORIZED);
    }

    @Test
    void withoutAKeyEverythingIsAllowed() {
        ApiKeyGuard open = new ApiKeyGuard(null, 3, clock::get);
        assertThat(open.required()).isFalse();
        assertThat(open.check("10.0.0.1", "anything", null)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void keysComeFromTheEnvironmentOrAFileAndANonLoopbackConsoleNeedsOne(@TempDir Path dir) throws Exception {
        UiConfig loopback = new UiConfig(Map.of());
        assertThat(ApiKeys.resolve(loopback, Map.of())).isNull();
        assertThat(ApiKeys.resolve(loopback, Map.of("DRIFTWATCH_UI_API_KEY", KEY))).isEqualTo(KEY);
        UiConfig wide = new UiConfig(Map.of(UiConfig.BIND_ADDRESS, "0.0.0.0", UiConfig.API_KEY_ENV, "MY_KEY"));
        assertThatThrownBy(() -> ApiKeys.resolve(wide, Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessage("the console binds 0.0.0.0, beyond loopback: it needs an API key; set the environment"
                + " variable MY_KEY (ui.api-key.env) or ui.api-key.file, or bind 127.0.0.1");
        assertThat(ApiKeys.resolve(wide, Map.of("MY_KEY", KEY))).isEqualTo(KEY);
        assertThatThrownBy(() -> ApiKeys.resolve(wide, Map.of("MY_KEY", "short")))
            .isInstanceOf(ConfigException.class)
            .hasMessage("the console API key from environment variable MY_KEY is shorter than 16 characters")
            .message().doesNotContain("short\"");
        Path file = Files.writeString(dir.resolve("key"), "file-key-0123456789\nignored\n");
        UiConfig fromFile = new UiConfig(Map.of(UiConfig.BIND_ADDRESS, "0.0.0.0",
            UiConfig.API_KEY_FILE, file.toString()));
        assertThat(ApiKeys.resolve(fromFile, Map.of("DRIFTWATCH_UI_API_KEY", KEY))).isEqualTo("file-key-0123456789");
    }

    @Test
    void theKeyVariableNeverReachesTheKafkaClients() {
        UiConfig config = new UiConfig(Map.of("ui.api.key", KEY, "client.id", "x"));
        assertThat(config.kafkaClientProperties()).doesNotContainKey("ui.api.key").containsKey("client.id");
    }
}
