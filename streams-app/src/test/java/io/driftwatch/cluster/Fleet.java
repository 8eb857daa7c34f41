package io.driftwatch.cluster;

import io.driftwatch.app.RunningApp;
import io.driftwatch.config.CommonConfig;
import io.driftwatch.launch.Apps;
import io.driftwatch.retrain.service.RetrainConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running instances of a {@link Pipeline}'s apps: each app either in this JVM (one instance) or as
 * {@code n} child JVMs running {@code driftwatch run <app>} in one consumer group, each with its own
 * {@code state.dir} (and {@code retrain.instance.id}, which must differ between instances).
 */
public final class Fleet implements AutoCloseable {

    private final Pipeline pipeline;
    private final Path work;
    private final Map<String, String> extra;
    private final List<RunningApp> inProcess = new ArrayList<>();
    private final Map<String, List<ChildJvm>> children = new LinkedHashMap<>();

    /**
     * @param childInstances app name to the number of child JVMs; apps not named run in this JVM
     * @param extra          settings added to every instance (e.g. num.standby.replicas)
     */
    public Fleet(Pipeline pipeline, Path work, Map<String, Integer> childInstances, Map<String, String> extra) {
        this(pipeline, work, childInstances, extra, Map.of());
    }

    /** As above, with environment variables for the child JVMs (e.g. DRIFTWATCH_KAFKA_LOG_LEVEL=INFO). */
    public Fleet(
            Pipeline pipeline,
            Path work,
            Map<String, Integer> childInstances,
            Map<String, String> extra,
            Map<String, String> env) {
        this.pipeline = pipeline;
        this.work = work;
        this.extra = Map.copyOf(extra);
        for (String app : Pipeline.APPS) {
            int n = childInstances.getOrDefault(app, 0);
            if (n == 0) {
                continue;
            }
            List<ChildJvm> jvms = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                jvms.add(ChildJvm.start(
                        pipeline.runArgs(app, instanceSettings(app, i)),
                        work.resolve(app + "-" + i + ".log"),
                        "256m",
                        env));
            }
            children.put(app, jvms);
        }
    }

    private Map<String, String> instanceSettings(String app, int i) {
        Map<String, String> s = new LinkedHashMap<>(extra);
        s.put(CommonConfig.STATE_DIR, work.resolve("state-" + app + "-" + i).toString());
        s.put(RetrainConfig.INSTANCE_ID, app + "-" + i);
        return s;
    }

    /** Starts the apps that run in this JVM and waits until they run. */
    public Fleet startInProcess() throws InterruptedException {
        for (String app : Pipeline.APPS) {
            if (!children.containsKey(app)) {
                inProcess.add(Apps.get(app)
                        .create(pipeline.settingsWith(instanceSettings(app, 0)))
                        .start());
            }
        }
        for (RunningApp a : inProcess) {
            a.awaitRunning(Duration.ofMinutes(2));
        }
        return this;
    }

    /** Instance {@code i} of a child-JVM app. */
    public ChildJvm instance(String app, int i) {
        return children.get(app).get(i);
    }

    public Map<String, List<ChildJvm>> children() {
        return children;
    }

    /** Fails if an in-process app or a child JVM that should run has died. */
    public void checkAlive() {
        for (RunningApp a : inProcess) {
            if (a.failure() != null) {
                throw new IllegalStateException(a.name() + " failed: " + a.failure(), a.failure());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        inProcess.forEach(RunningApp::close);
        for (List<ChildJvm> jvms : children.values()) {
            for (ChildJvm j : jvms) {
                j.close();
            }
        }
    }
}
