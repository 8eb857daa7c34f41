package io.driftwatch.serde;

import io.driftwatch.avro.Actual;
import io.driftwatch.avro.Anomaly;
import io.driftwatch.avro.DriftTrigger;
import io.driftwatch.avro.MetricObservation;
import io.driftwatch.avro.ModelConfig;
import io.driftwatch.avro.MonitorSettings;
import io.driftwatch.avro.OpsAlert;
import io.driftwatch.avro.Prediction;
import io.driftwatch.avro.RateEvent;
import io.driftwatch.avro.RetrainReport;
import io.driftwatch.avro.SaleEvent;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The registry of every top-level contract (a value type of some topic), e.g. for the CLI's
 * {@code produce TOPIC}, which looks the value type up by its simple name.
 *
 * <p>Invariant: every type listed here has a {@link SchemaHistory} (checked by the
 * compatibility test), and nested types (ValidationMetrics, CandidateResult, ...) are not listed.
 */
public final class Contracts {
    private static final List<Class<? extends SpecificRecord>> ALL = List.of(
            SaleEvent.class,
            RateEvent.class,
            Actual.class,
            Prediction.class,
            DriftTrigger.class,
            Anomaly.class,
            ModelConfig.class,
            RetrainReport.class,
            OpsAlert.class,
            MetricObservation.class,
            MonitorSettings.class);

    static {
        AvroTrust.ensureTrusted(); // callers usually decode the type they look up next
    }

    private Contracts() {}

    /** Every contract type, in a fixed order. */
    public static List<Class<? extends SpecificRecord>> all() {
        return ALL;
    }

    /** The contract whose simple name is {@code simpleName}, ignoring case, e.g. {@code saleevent}. */
    public static Optional<Class<? extends SpecificRecord>> find(String simpleName) {
        String wanted = simpleName == null ? "" : simpleName.trim();
        return ALL.stream()
                .filter(t -> t.getSimpleName().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /**
     * Like {@link #find(String)}, for callers that need an answer.
     *
     * @throws IllegalArgumentException naming the valid names when none matches
     */
    public static Class<? extends SpecificRecord> forName(String simpleName) {
        return find(simpleName)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown contract type '" + simpleName + "'; valid types: " + names()));
    }

    /** The simple names of all contracts, comma separated. */
    public static String names() {
        return ALL.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
