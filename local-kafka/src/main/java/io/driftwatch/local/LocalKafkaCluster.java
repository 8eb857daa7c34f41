package io.driftwatch.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A real multi-node Kafka cluster (KRaft) in this JVM: {@code n} combined broker + controller nodes forming one
 * controller quorum, every topic by default with replication factor min(3, n) and {@code min.insync.replicas}
 * one less. A node can be stopped and started again on its own log dirs and ports, as a restarted server would.
 *
 * <pre>{@code
 * try (LocalKafkaCluster cluster = LocalKafkaCluster.start(3)) {
 *     String bootstrap = cluster.bootstrapServers(); // 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3
 *     cluster.stop(2);                               // node 2 down: the other two keep the quorum and ISR
 *     cluster.restart(2);
 * }
 * }</pre>
 *
 * <p>Invariants: node ids are 1..n; ports and data dirs stay the same across restarts; {@link #close()} stops every
 * node and removes the data dirs.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    private final Quorum quorum;
    private final SortedMap<Integer, Integer> clientPorts;
    private final SortedMap<Integer, Path> dataDirs;
    private final SortedMap<Integer, LocalKafkaBroker> running = new TreeMap<>();

    private LocalKafkaCluster(
            Quorum quorum, SortedMap<Integer, Integer> clientPorts, SortedMap<Integer, Path> dataDirs) {
        this.quorum = quorum;
        this.clientPorts = clientPorts;
        this.dataDirs = dataDirs;
    }

    /** Starts {@code nodes} nodes at once on free ports and temp data dirs. */
    public static LocalKafkaCluster start(int nodes) {
        Quorum quorum = Quorum.of(nodes);
        SortedMap<Integer, Integer> ports = new TreeMap<>();
        SortedMap<Integer, Path> dirs = new TreeMap<>();
        Set<Integer> taken = new HashSet<>(quorum.controllerPorts().values());
        for (int id : quorum.controllerPorts().keySet()) {
            int port = LocalKafkaBroker.freePortOtherThan(taken);
            taken.add(port);
            ports.put(id, port);
            dirs.put(id, LocalKafkaBroker.tempDir());
        }
        LocalKafkaCluster cluster = new LocalKafkaCluster(quorum, ports, dirs);
        try {
            cluster.startNodes(List.copyOf(quorum.controllerPorts().keySet()));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's client listener, whether running or not. */
    public String bootstrapServers() {
        return clientPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public Quorum quorum() {
        return quorum;
    }

    /** Stops node {@code nodeId} (a controlled shutdown), keeping its log dirs. */
    public synchronized void stop(int nodeId) {
        LocalKafkaBroker node = running.remove(nodeId);
        if (node == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        node.close();
    }

    /** Starts node {@code nodeId} again on its own log dirs and ports. */
    public void restart(int nodeId) {
        startNodes(List.of(nodeId));
    }

    private void startNodes(List<Integer> ids) {
        List<CompletableFuture<LocalKafkaBroker>> starts = new ArrayList<>();
        // one thread per node: each start-up blocks until a quorum leader exists, so a shared pool could deadlock
        ExecutorService threads = Executors.newFixedThreadPool(ids.size());
        for (int id : ids) {
            synchronized (this) {
                if (running.containsKey(id)) {
                    throw new IllegalStateException("node " + id + " is already running");
                }
            }
            // each node's start-up waits for a quorum leader, so the first nodes of a new cluster must start together
            starts.add(CompletableFuture.supplyAsync(
                    () -> LocalKafkaBroker.builder()
                            .quorum(id, quorum)
                            .port(clientPorts.get(id))
                            .dataDir(dataDirs.get(id))
                            .start(),
                    threads));
        }
        threads.shutdown();
        RuntimeException failure = null;
        for (CompletableFuture<LocalKafkaBroker> start : starts) {
            try {
                LocalKafkaBroker node = start.join();
                synchronized (this) {
                    running.put(node.nodeId(), node);
                }
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Running nodes by id. */
    public synchronized Map<Integer, LocalKafkaBroker> nodes() {
        return Map.copyOf(running);
    }

    /**
     * Stops every running node and removes every data dir. Idempotent. The nodes stop together: one after the other,
     * the last ones would wait for a controller quorum that the first ones took away.
     */
    @Override
    public synchronized void close() {
        List<LocalKafkaBroker> nodes = new ArrayList<>(running.values());
        running.clear();
        if (!nodes.isEmpty()) {
            ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
            CompletableFuture.allOf(nodes.stream()
                            .map(n -> CompletableFuture.runAsync(n::close, threads))
                            .toArray(CompletableFuture[]::new))
                    .join();
            threads.shutdown();
        }
        dataDirs.values().forEach(LocalKafkaBroker::deleteRecursively);
    }
}
