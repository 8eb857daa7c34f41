package io.driftwatch.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import io.driftwatch.serde.WireFormat;

/**
 * Settings every driftwatch app shares: where Kafka is, how topics are named and sized, and which
 * wire format outputs use.
 *
 * <p>Any property not defined here or in an app's own definitions is a Kafka client property
 * ({@code security.protocol}, {@code sasl.jaas.config}, {@code ssl.*}, ...) and is passed through
 * unchanged to every producer, consumer, admin client and Streams instance; see
 * {@link #kafkaClientProperties()}.
 */
public class CommonConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String TOPICS_PREFIX = "topics.prefix";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    public static final String TOPICS_MIN_INSYNC_REPLICAS = "topics.min.insync.replicas";
    public static final String TOPICS_RETENTION_DAYS = "topics.retention.days";
    public static final String TOPICS_LONG_RETENTION_DAYS = "topics.long-retention.days";
    public static final String OUTPUT_FORMAT = "output.format";
    public static final String APPLICATION_ID_PREFIX = "application.id.prefix";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";

    private static final ConfigDef COMMON = defineCommon(new ConfigDef());

    public CommonConfig(Map<?, ?> props) {
        this(COMMON, props);
    }

    protected CommonConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props, false);
        outputFormat(); // fail fast with the setting's name
    }

    /** Adds the common definitions to {@code def}; app configs call this first. */
    public static ConfigDef defineCommon(ConfigDef def) {
        return OpsConfig.define(def.define(
                        BOOTSTRAP_SERVERS,
                        Type.STRING,
                        "127.0.0.1:9092",
                        Importance.HIGH,
                        "Kafka cluster to connect to, host:port[,host:port...].")
                .define(
                        TOPICS_PREFIX,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Prefix put before every driftwatch topic name, e.g. 'prod.' gives 'prod.actuals'.")
                .define(
                        TOPICS_PARTITIONS,
                        Type.INT,
                        4,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Partitions of each topic created by 'topics create'. actuals and predictions must"
                                + " have the same count.")
                .define(
                        TOPICS_REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) -1,
                        Importance.MEDIUM,
                        "Replication factor of created topics, and of the apps' internal topics (Kafka Streams'"
                                + " replication.factor unless set); -1 uses the broker's default.replication.factor.")
                .define(
                        TOPICS_MIN_INSYNC_REPLICAS,
                        Type.INT,
                        -1,
                        ConfigDef.Range.atLeast(-1),
                        Importance.MEDIUM,
                        "min.insync.replicas of created topics, and of the apps' internal topics (Kafka Streams'"
                                + " topic.min.insync.replicas unless set); -1 uses the broker's min.insync.replicas."
                                + " With replication factor 3, 2 lets one broker be down without losing an"
                                + " acknowledged write or stopping writes.")
                .define(
                        TOPICS_RETENTION_DAYS,
                        Type.INT,
                        7,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "retention.ms of event topics with delete cleanup, in days.")
                .define(
                        TOPICS_LONG_RETENTION_DAYS,
                        Type.INT,
                        3650,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "retention.ms of topics that keep history (actuals, predictions, retrain-reports), in"
                                + " days: the monitor's windows and the retrain service read history from them.")
                .define(
                        OUTPUT_FORMAT,
                        Type.STRING,
                        "avro",
                        ConfigDef.ValidString.in("avro", "json", "AVRO", "JSON"),
                        Importance.MEDIUM,
                        "Wire format of the records the apps write: 'avro' (Avro single-object encoding) or"
                                + " 'json' (the schema's field names). Inputs accept both whatever this says.")
                .define(
                        APPLICATION_ID_PREFIX,
                        Type.STRING,
                        "driftwatch",
                        Importance.MEDIUM,
                        "Prefix of each app's application.id / group.id: '<prefix>-ingest',"
                                + " '<prefix>-monitor', ...")
                .define(
                        STATE_DIR,
                        Type.STRING,
                        defaultStateDir(),
                        Importance.LOW,
                        "Directory for Kafka Streams state stores.")
                .define(
                        PROCESSING_GUARANTEE,
                        Type.STRING,
                        "exactly_once_v2",
                        ConfigDef.ValidString.in("exactly_once_v2", "at_least_once"),
                        Importance.LOW,
                        "Kafka Streams processing.guarantee. Keep exactly_once_v2 unless the brokers cannot do"
                                + " transactions."));
    }

    private static String defaultStateDir() {
        return System.getProperty("java.io.tmpdir") + "/driftwatch-state";
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public WireFormat outputFormat() {
        String value = getString(OUTPUT_FORMAT);
        try {
            return WireFormat.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OUTPUT_FORMAT, value, "must be avro or json");
        }
    }

    public String applicationId(String app) {
        return getString(APPLICATION_ID_PREFIX) + "-" + app;
    }

    /**
     * Kafka client properties: bootstrap.servers plus every property that is not a driftwatch
     * setting (security, SASL, SSL, client tuning). Never log the result: it may hold secrets.
     */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>();
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            if (!values().containsKey(e.getKey())) {
                props.put(e.getKey(), e.getValue());
            }
        }
        props.put(BOOTSTRAP_SERVERS, bootstrapServers());
        return props;
    }

    public Properties kafkaClientPropertiesAsProperties() {
        Properties p = new Properties();
        p.putAll(kafkaClientProperties());
        return p;
    }

    /** The definitions of this config; the configuration reference is generated from them. */
    public static ConfigDef configDef() {
        return COMMON;
    }
}
