package io.driftwatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.driftwatch.local.BrokerMain;
import io.driftwatch.local.LocalKafkaBroker;
import io.driftwatch.local.Quorum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description =
                "Runs a real Kafka broker (KRaft) in the foreground until Ctrl-C: a single node, or one node of a"
                        + " local cluster (--node-id, --quorum, --cluster-id; one process per node). For local trials,"
                        + " not production.")
final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Client port on 127.0.0.1 (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the broker's data here across restarts (default: a temp dir removed on exit).")
    Path dataDir;

    @Option(
            names = "--node-id",
            paramLabel = "ID",
            description = "This node's id in the --quorum (default: a single-node broker).")
    Integer nodeId;

    @Option(
            names = "--quorum",
            paramLabel = "VOTERS",
            description = "Controller quorum of a local cluster, id@127.0.0.1:port,... (every node a broker and a"
                    + " controller); with --node-id, --cluster-id and --data-dir. Topics then default to replication"
                    + " factor min(3, nodes), min.insync.replicas one less.")
    String quorum;

    @Option(
            names = "--cluster-id",
            paramLabel = "ID",
            description = "Cluster id shared by the nodes of --quorum (a Kafka Uuid; --new-cluster-id prints one).")
    String clusterId;

    @Option(names = "--new-cluster-id", description = "Prints a new cluster id for --cluster-id and exits.")
    boolean newClusterId;

    @Override
    public Integer call() throws InterruptedException {
        if (newClusterId) {
            System.out.println(Quorum.newClusterId());
            return 0;
        }
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder().port(port);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (nodeId != null || quorum != null || clusterId != null) {
            if (nodeId == null || quorum == null || clusterId == null || dataDir == null) {
                System.err.println("error: a cluster node needs --node-id, --quorum, --cluster-id and --data-dir");
                return 2;
            }
            try {
                builder.quorum(nodeId, Quorum.parse(quorum, clusterId));
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }
        LocalKafkaBroker broker = builder.start();
        BrokerMain.serveUntilShutdown(broker,
            "Data dir: " + broker.dataDir() + (dataDir == null ? " (removed on exit)" : ""), "Press Ctrl-C to stop.");
        return 0;
    }
}
