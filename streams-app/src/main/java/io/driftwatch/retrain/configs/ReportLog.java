package io.driftwatch.retrain.configs;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.driftwatch.avro.RetrainReport;
import io.driftwatch.topics.ModelKey;

/**
 * What the retrain-reports topic says so far: which trigger ids were already handled (dedupe) and
 * how many attempts in a row each model:horizon failed validation (ops alerts).
 *
 * <p>Bounded: at most {@code maxTriggerIds} trigger ids are remembered, oldest evicted first
 * (a trigger redelivered after that many newer ones would be retried once more); one counter per
 * model:horizon. Rebuilt at start-up by replaying retrain-reports. Not thread-safe.
 */
public final class ReportLog {

    /** Outcomes that reset the failure count. */
    private static final Set<String> SUCCESSES = Set.of("PROMOTED", "DECAYED", "ROLLED_BACK");

    private final int maxTriggerIds;
    private final LinkedHashSet<String> triggerIds = new LinkedHashSet<>();
    private final Map<String, Integer> failuresInARow = new HashMap<>();

    public ReportLog(int maxTriggerIds) {
        this.maxTriggerIds = maxTriggerIds;
    }

    /** Applies one report (in topic order per model:horizon). */
    public void onReport(RetrainReport r) {
        for (String id : r.getTriggerIds()) {
            triggerIds.remove(id);
            triggerIds.add(id);
        }
        while (triggerIds.size() > maxTriggerIds) {
            triggerIds.remove(triggerIds.iterator().next());
        }
        String key = ModelKey.of(r.getModelId(), r.getHorizon());
        if (isValidationFailure(r)) {
            failuresInARow.merge(key, 1, Integer::sum);
        } else if (SUCCESSES.contains(r.getOutcome())) {
            failuresInARow.remove(key);
        }
    }

    /**
     * A search whose candidate was rejected by validation: the model choice ({@code ets-aicc}, the
     * label of retrain.search.ModelSelection) or a plain grid or random search.
     */
    public static boolean isValidationFailure(RetrainReport r) {
        String s = r.getSearchStrategy();
        return "REJECTED".equals(r.getOutcome()) && ("ets-aicc".equals(s) || "grid".equals(s) || "random".equals(s));
    }

    /** True if a report already names this trigger id. */
    public boolean handled(String triggerId) {
        return triggerIds.contains(triggerId);
    }

    /** Rejected attempts in a row for a model:horizon. */
    public int failuresInARow(String key) {
        return failuresInARow.getOrDefault(key, 0);
    }
}
