package io.driftwatch.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running in this JVM.
 *
 * <p>It is the same broker code as a production cluster, from Maven Central, not a mock: used by the
 * demo, by {@code ./driftwatch broker} and by every integration test.
 *
 * <pre>{@code
 * try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
 *     String bootstrap = broker.bootstrapServers(); // e.g. 127.0.0.1:40123
 *     ...
 * }
 * }</pre>
 *
 * <p>Invariants: listens on 127.0.0.1 only; the data directory is a fresh temp dir that {@link #close()}
 * removes (unless one was given explicitly). Alone (the default) it is its own controller quorum and every
 * internal topic has replication factor 1; as one node of a quorum ({@link Builder#quorum}, what
 * {@link LocalKafkaCluster} does) it is a combined broker + controller voter, and topics default to replication
 * factor min(3, nodes) with {@code min.insync.replicas} one less (at least 1).
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int SINGLE_NODE_ID = 1;

    private final KafkaRaftServer server;
    private final int nodeId;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final int saslPort;
    private final int tlsPort;
    private volatile boolean closed;

    private LocalKafkaBroker(
            KafkaRaftServer server,
            int nodeId,
            Path dataDir,
            boolean ownsDataDir,
            int port,
            int saslPort,
            int tlsPort) {
        this.server = server;
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
        this.saslPort = saslPort;
        this.tlsPort = tlsPort;
    }

    /** Starts a broker on a free port with a temp data dir removed on close. */
    public static LocalKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} to put in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * {@code host:port} of the SASL_PLAINTEXT (SCRAM-SHA-512) listener; only with
     * {@link Builder#saslScram}. Clients need {@link SaslScram#clientProperties} on it.
     */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException(
                    "this broker has no SASL listener; start it with builder().saslScram(user, password)");
        }
        return "127.0.0.1:" + saslPort;
    }

    /**
     * {@code host:port} of the SSL listener; only with {@link Builder#tls}. Clients need {@link Tls#clientProperties}.
     */
    public String tlsBootstrapServers() {
        if (tlsPort < 0) {
            throw new IllegalStateException(
                    "this broker has no SSL listener; start it with builder().tls(keystore, password)");
        }
        return "127.0.0.1:" + tlsPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** This node's {@code node.id}: 1 alone, its place in the quorum otherwise. */
    public int nodeId() {
        return nodeId;
    }

    /** Stops the broker and removes its data dir if it created it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    /** Options for a local broker; defaults suit tests and the demo. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private final Properties overrides = new Properties();
        private SaslScram scram;
        private Tls tls;
        private int nodeId = SINGLE_NODE_ID;
        private int controllerPort;
        private Quorum quorum;

        /** Client port; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Makes this broker node {@code nodeId} of a KRaft quorum of combined broker + controller nodes: {@code voters}
         * maps each node id to its controller port on 127.0.0.1 (this node listens on its own), {@code clusterId} is
         * shared by all (see {@link Quorum}). Start every node at once: a node's start-up waits for a quorum leader.
         */
        public Builder quorum(int nodeId, Quorum quorum) {
            if (!quorum.controllerPorts().containsKey(nodeId)) {
                throw new IllegalArgumentException("node " + nodeId + " is not one of the voters " + quorum.voters());
            }
            this.nodeId = nodeId;
            this.quorum = quorum;
            this.controllerPort = quorum.controllerPorts().get(nodeId);
            return this;
        }

        /** Keeps data in this directory across restarts (not removed on close). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Any broker setting, e.g. {@code num.partitions}. */
        public Builder brokerProperty(String key, String value) {
            overrides.setProperty(key, value);
            return this;
        }

        /**
         * Adds a SASL_PLAINTEXT listener that authenticates with SCRAM-SHA-512, next to the PLAINTEXT
         * one (which the broker keeps for itself). The admin user's credentials are written when the
         * log dirs are formatted; create more users with {@code Admin.alterUserScramCredentials}.
         */
        public Builder saslScram(String adminUser, String adminPassword) {
            this.scram = new SaslScram(adminUser, adminPassword);
            return this;
        }

        /** Adds an SSL listener serving the key and certificate of this PKCS12 keystore (server authentication). */
        public Builder tls(Path keystore, String password) {
            this.tls = new Tls(keystore, password);
            return this;
        }

        public LocalKafkaBroker start() {
            // the OS may hand out a port again once the probe released it: each listener gets one of its own
            Set<Integer> taken = new HashSet<>();
            int clientPort = port == 0 ? freePortOtherThan(taken) : port;
            taken.add(clientPort);
            Quorum voters = quorum == null ? Quorum.single(SINGLE_NODE_ID, freePortOtherThan(taken)) : quorum;
            int ownControllerPort = quorum == null ? voters.controllerPorts().get(SINGLE_NODE_ID) : controllerPort;
            taken.add(ownControllerPort);
            boolean owns = dataDir == null;
            Path dir = owns ? tempDir() : dataDir;
            try {
                Properties props = brokerProperties(dir, clientPort, ownControllerPort, nodeId, voters);
                int saslPort = scram == null ? -1 : freePortOtherThan(taken);
                taken.add(saslPort);
                if (scram != null) {
                    scram.addListener(props, saslPort);
                }
                int tlsPort = tls == null ? -1 : freePortOtherThan(taken);
                if (tls != null) {
                    tls.addListener(props, tlsPort);
                }
                props.putAll(overrides);
                KafkaConfig config = KafkaConfig.fromProps(props, false);
                formatIfNeeded(dir, nodeId, voters.clusterId(), scram == null ? List.of() : scram.formatterArguments());
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                return new LocalKafkaBroker(server, nodeId, dir, owns, clientPort, saslPort, tlsPort);
            } catch (RuntimeException e) {
                if (owns) {
                    deleteRecursively(dir);
                }
                throw e;
            }
        }
    }

    private static Properties brokerProperties(
            Path dir, int clientPort, int controllerPort, int nodeId, Quorum quorum) {
        String replication = String.valueOf(Math.min(3, quorum.size()));
        String minIsr = String.valueOf(Math.max(1, Math.min(3, quorum.size()) - 1));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("controller.quorum.voters", quorum.voters());
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("metadata.log.dir", dir.resolve("metadata").toString());
        p.setProperty("offsets.topic.replication.factor", replication);
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", replication);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", replication);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", replication);
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        // The log cleaner clears its whole dedupe map (Arrays.fill) for every log it cleans: with the 128 MB default
        // and the Streams apps' many small compacted changelogs that clearing dominates the cleaner's work (figures in
        // docs/benchmarks.md). 16 MB still dedupes ~600k keys per cleaning pass (24 bytes per key), plenty here.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    private static void formatIfNeeded(Path dir, int nodeId, String clusterId, List<String> scramArguments) {
        Path metadata = dir.resolve("metadata");
        if (Files.exists(metadata.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction())
                // transactions v1: with v2 (KIP-890) this single in-process broker answered transactional
                // producers with OutOfOrderSequenceException ("no existing state") under load, aborting
                // exactly-once tasks again and again; v1 is the protocol exactly_once_v2 was built on
                .setFeatureLevel("transaction.version", (short) 1)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(metadata.toString())
                .setDirectories(List.of(metadata.toString(), dir.resolve("data").toString()))
                .setScramArguments(scramArguments)
                .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "could not format the local broker's log dirs in " + dir + ": " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** A free port on 127.0.0.1 that is not in {@code taken}. */
    static int freePortOtherThan(Set<Integer> taken) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = freePort();
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 other than " + taken);
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("driftwatch-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the local broker", e);
        }
    }

    /** Removes a directory tree; used for the broker's own data dir and by the demo for its state dir. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
