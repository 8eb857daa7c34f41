package io.driftwatch.local;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * The KRaft controller quorum of local nodes: each voter's node id and controller port on 127.0.0.1, and the
 * cluster id every node's log dirs are formatted with. The same value goes to every node of one cluster.
 *
 * <pre>{@code
 * Quorum quorum = Quorum.of(3);                                  // three voters on free ports
 * Quorum same = Quorum.parse("1@127.0.0.1:9093,2@127.0.0.1:9094,3@127.0.0.1:9095", clusterId);
 * }</pre>
 *
 * @param clusterId       the cluster id (a Kafka {@code Uuid} in base64)
 * @param controllerPorts node id to controller port, sorted by node id
 */
public record Quorum(String clusterId, SortedMap<Integer, Integer> controllerPorts) {

    public Quorum {
        if (controllerPorts.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        controllerPorts = new TreeMap<>(controllerPorts);
        try {
            Uuid.fromString(clusterId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cluster id must be a Kafka Uuid (22 base64 characters), was '" + clusterId + "'");
        }
    }

    /** {@code nodes} voters numbered 1..nodes on free ports, with a new cluster id. */
    public static Quorum of(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
        }
        SortedMap<Integer, Integer> ports = new TreeMap<>();
        for (int id = 1; id <= nodes; id++) {
            ports.put(id, LocalKafkaBroker.freePortOtherThan(Set.copyOf(ports.values())));
        }
        return new Quorum(Uuid.randomUuid().toString(), ports);
    }

    static Quorum single(int nodeId, int controllerPort) {
        return new Quorum(Uuid.randomUuid().toString(), new TreeMap<>(Map.of(nodeId, controllerPort)));
    }

    /** Parses {@code controller.quorum.voters} syntax, {@code id@127.0.0.1:port,...} (the host must be 127.0.0.1). */
    public static Quorum parse(String voters, String clusterId) {
        SortedMap<Integer, Integer> ports = new TreeMap<>();
        for (String voter : voters.split(",")) {
            String v = voter.trim();
            int at = v.indexOf('@');
            int colon = v.lastIndexOf(':');
            if (at <= 0 || colon < at || !"127.0.0.1".equals(v.substring(at + 1, colon))) {
                throw new IllegalArgumentException("a voter is id@127.0.0.1:port, was '" + v + "'");
            }
            try {
                ports.put(Integer.parseInt(v.substring(0, at)), Integer.parseInt(v.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a voter is id@127.0.0.1:port, was '" + v + "'");
            }
        }
        return new Quorum(clusterId, ports);
    }

    /** A new random cluster id, for {@link #parse}. */
    public static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    /** The {@code controller.quorum.voters} value. */
    public String voters() {
        return controllerPorts.entrySet().stream()
                .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(","));
    }

    public int size() {
        return controllerPorts.size();
    }
}
