package io.driftwatch.launch;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;

import io.driftwatch.config.ConfigSources;
import io.driftwatch.telemetry.MetricNames;

/**
 * Renders the configuration reference ({@code docs/configuration.md}) from the config definitions
 * in {@link ConfigCatalog} and the metric list in {@link MetricNames}, so the docs cannot drift
 * from the code: a test regenerates it and compares.
 *
 * <p>Invariant: the output depends only on the definitions, never on the machine (a default under
 * {@code java.io.tmpdir} is shown as {@code ${java.io.tmpdir}/...}).
 */
public final class ConfigReference {

    /** The command that rewrites the file; the test's failure message names it. */
    public static final String REGENERATE = "./driftwatch docs config > docs/configuration.md";

    private ConfigReference() {
    }

    public static String render(List<ConfigCatalog.Entry> catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated from the config definitions by `")
                .append(REGENERATE)
                .append("`; do not edit. -->\n\n")
                .append(INTRO);
        Set<String> listed = new HashSet<>();
        for (ConfigCatalog.Entry entry : catalog) {
            md.append("\n## ")
                    .append(entry.app())
                    .append("\n\n")
                    .append(entry.description())
                    .append("\n\n")
                    .append("| Setting | Environment variable | Type | Default | Valid values | Importance |"
                            + " Description |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : entry.definition().configKeys().values()) {
                if (listed.add(key.name)) {
                    md.append("| `")
                            .append(key.name)
                            .append("` | `")
                            .append(envName(key.name))
                            .append("` | ")
                            .append(key.type.name().toLowerCase(Locale.ROOT))
                            .append(" | ")
                            .append(defaultOf(key))
                            .append(" | ")
                            .append(cell(key.validator == null ? "" : key.validator.toString()))
                            .append(" | ")
                            .append(key.importance.name().toLowerCase(Locale.ROOT))
                            .append(" | ")
                            .append(cell(key.documentation))
                            .append(" |\n");
                }
            }
        }
        md.append(metrics());
        return md.toString();
    }

    /** {@code monitor.per-series} -> {@code DRIFTWATCH_MONITOR_PER__SERIES} (the inverse of ConfigSources). */
    static String envName(String setting) {
        return ConfigSources.ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_');
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp != null && !tmp.isEmpty() && value.startsWith(tmp)) {
            value = "${java.io.tmpdir}" + value.substring(tmp.length());
        }
        return value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String metrics() {
        StringBuilder md = new StringBuilder("\n## Metrics\n\n")
                .append("driftwatch's own meters (`io.driftwatch.telemetry.MetricNames`), as Prometheus shows them on"
                        + " `/metrics`. ")
                .append("Kafka Streams' and the Kafka clients' metrics are there too (`kafka_stream_*`,"
                        + " `kafka_consumer_*`, ")
                .append("`kafka_producer_*`, `kafka_admin_client_*`), tagged with `app`. The alert connectors'"
                        + " metrics ")
                .append("(`kafka_connect_plugins_*`: alerts delivered, retries, failures by reason, dead-lettered,"
                        + " rate-limited) ")
                .append("come from the Kafka Connect worker through its JMX exporter; see the Metrics section of ")
                .append("`connectors/README.md`.\n\n")
                .append("| Prometheus name | Kind | Tags | Meaning |\n|---|---|---|---|\n");
        for (MetricNames.Metric m : MetricNames.ALL) {
            md.append("| `")
                    .append(m.prometheusName())
                    .append("` | ")
                    .append(m.kind().name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(String.join(", ", m.tags()))
                    .append(" | ")
                    .append(cell(m.description()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static final String INTRO = """
        Every driftwatch app and CLI command reads its settings from, in rising precedence:

        1. a properties file given with `--config FILE`;
        2. environment variables `DRIFTWATCH_<SETTING>`: the setting in upper case, `.` written `_` and `-` written `__`
           (`DRIFTWATCH_BOOTSTRAP_SERVERS`, `DRIFTWATCH_METRICS_BIND__ADDRESS`);
        3. command-line flags: `--set KEY=VALUE` (repeatable), `--bootstrap-servers`, `run --metrics-port`.

        A bad value stops the app at start-up with a message naming the setting.

        ### Kafka client settings, security

        Any setting not listed below is a Kafka client setting and is passed unchanged to every producer,
        consumer, admin client and Kafka Streams instance: `security.protocol`, `sasl.mechanism`,
        `sasl.jaas.config`, `ssl.truststore.location`, `ssl.keystore.location`, `ssl.*`, client tuning.
        Two defaults differ from Kafka's: the Streams apps' producers (outputs and changelogs) compress with
        `lz4` unless `compression.type` (or `producer.compression.type`) is set, and the apps' internal topics
        (changelogs, repartition topics) are created with `message.timestamp.after.max.ms` at its maximum unless
        `topic.message.timestamp.after.max.ms` is set. The apps stamp those records with event time, which an input
        may carry up to a day ahead of the clock, while a Kafka 4 broker refuses a timestamp more than an hour ahead
        by default and the app would stop. Brokers before Kafka 3.6 do not know the setting (and by default accept any
        timestamp): the apps ask the brokers at start-up and leave it out for them; an empty
        `topic.message.timestamp.after.max.ms` leaves it out too. It is set only on topics an app creates: on
        internal topics that already exist, raise it with
        `kafka-configs --alter --add-config message.timestamp.after.max.ms=9223372036854775807`.
        A SASL/SCRAM cluster, for example:

        ```properties
        bootstrap.servers=kafka-1:9093
        security.protocol=SASL_SSL
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
            username="driftwatch" password="...";
        ssl.truststore.location=/etc/driftwatch/truststore.p12
        ssl.truststore.password=...
        ```

        or the same as environment variables (`DRIFTWATCH_SECURITY_PROTOCOL`, `DRIFTWATCH_SASL_JAAS_CONFIG`, ...), which
        keeps passwords out of files. driftwatch never logs these values; Kafka's clients log their configs at INFO
        with passwords shown as `[hidden]`. A wrong password stops a command or app within seconds with
        `Authentication failed` in the error, instead of retrying.

        ### Operations endpoint, logs

        `run` serves `/metrics` (Prometheus), `/health` (200 while no app has failed) and `/ready` (200 when every app
        is ready: a Streams app once RUNNING, i.e. its state is restored; the retrain service once its trigger consumer
        has its partitions and has handled the triggers that were waiting when it got them; 503 with the reasons
        otherwise) when `metrics.port` is set. It is read-only: no action is exposed over HTTP, so there is no admin
        endpoint to secure. Logs go to stderr: human-readable by default, one JSON object per line with
        `DRIFTWATCH_LOG_FORMAT=json` (fields `timestamp`, `level`, `app`, `logger`, `thread`, `message`, and `model`,
        `horizon`, `trigger_id` where relevant). `DRIFTWATCH_LOG_LEVEL` (default INFO) sets driftwatch's level,
        `DRIFTWATCH_KAFKA_LOG_LEVEL` (default ERROR) Kafka's. `DRIFTWATCH_JAVA_OPTS` (default empty) gives the JVM
        options such as `-Xmx4g`; before them `./driftwatch` adds `-XX:MaxGCPauseMillis=500` (G1's pause goal, 200 ms
        by the JVM's default: see the production guide) and `-XX:+UseTransparentHugePages` where the kernel's
        transparent-huge-page mode is `madvise`; the same options in `DRIFTWATCH_JAVA_OPTS` override them
        (`-XX:-UseTransparentHugePages` turns huge pages off). The container image sets
        `JDK_JAVA_OPTIONS=-XX:MaxGCPauseMillis=500`. `./driftwatch` runs the `java` of `JAVA_HOME` when set, else the
        one on the `PATH` (Java 17 or newer).
        """;
}
