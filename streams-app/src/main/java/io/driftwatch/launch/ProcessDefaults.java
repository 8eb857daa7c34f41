package io.driftwatch.launch;

import java.util.Locale;

/**
 * What the {@code driftwatch} process sets before anything else runs (benchmarks that stand in for
 * {@code driftwatch run} call it too).
 *
 * <ul>
 *   <li>Avro may deserialize the project's own classes ({@code org.apache.avro.SERIALIZABLE_PACKAGES}), unless
 *       set already.</li>
 *   <li>Numbers are formatted as in {@link Locale#US} whatever the host's locale ({@code LANG=C.UTF-8}, {@code de_DE}
 *       ...): the same decimal point in logs and command output everywhere. On Java 17 it also saves real work: a
 *       {@code java.util.Formatter} for any other locale builds a {@code DecimalFormatSymbols} each time, and Kafka
 *       Streams 4.3 formats a debug message with {@code String.format} for each record a task processes while one
 *       of its input partitions has nothing buffered (logged or not), which the monitor's re-route partition almost
 *       never has: 5-6% of the monitor's stream-thread time. The display locale (messages, names) is left as it
 *       is.</li>
 * </ul>
 */
public final class ProcessDefaults {

    private ProcessDefaults() {
    }

    public static void apply() {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.driftwatch");
        }
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }
}
