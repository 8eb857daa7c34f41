package io.driftwatch.kafka;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Re-routing of records that sit on another partition than Kafka's default (murmur2) partitioner gives
 * their series: librdkafka clients (kcat, confluent-kafka for Python, Go, .NET) hash keys with crc32 by
 * default, and a record without a key lands anywhere. Well-placed records continue directly; the others
 * take a detour through one internal topic, {@code <application.id>-<name>-repartition}, keyed by their
 * series id and written to its murmur2 partition, and rejoin the stream there:
 *
 * <pre>
 * input ─ check ─ split ─┬─ well placed ──────────────────────────────────────────────┬─ merge ─> per-series state
 *                        └─ misplaced, progress marks ─> &lt;name&gt;-repartition ─> unwrap ─┘
 * </pre>
 *
 * <p><b>Time.</b> A detour arrives later than the direct records next to it, so the partition's stream
 * time alone would let a bucket close before its re-routed records arrive. Each task therefore sends
 * {@link Progress} marks to every partition of the reroute topic (its direct input's stream time when
 * that crosses a step, and {@link Long#MAX_VALUE} once its inputs have nothing left to read), and the
 * stateful processor behind the merge judges lateness and closes buckets by {@link RerouteClock}: its
 * own partition's progress (not the task's stream time, which the marks move too), but never beyond the
 * last mark of any other partition that still has input to read and <em>holds</em> its destinations
 * back. When each input partition is written in event-time order, a record re-routed from partition q
 * is never late at its destination and no bucket closes before all of its records arrived, so the
 * results equal those of the same records produced with murmur2.
 *
 * <p><b>Holding back only where records are misplaced.</b> Marks become visible at their transaction's
 * commit, so a destination that waits for them lags its own input by about a commit interval: nothing
 * at live pace, but days of event time when a backlog is read at full speed, and every day of lag keeps
 * a day more of pending state. A partition that has re-routed nothing therefore says so: its marks are
 * <em>clean</em> ({@link Progress#holds()} false) and do not hold the others back, so well-placed input
 * pays nothing but the marks. A partition holds until it has read {@link #PROBATION_STEPS} steps of
 * event time without a misplaced record (after each start: the first records of a misplacing producer
 * show it), and for good from its first misplaced record on (a holding mark goes out before that
 * record). The first clean mark after a start asks for a commit at once (the only commit the split asks for), so
 * the destinations stop holding at this partition's probation marks without waiting a commit interval. The one case
 * the guarantee above does not cover: a partition that starts misplacing records
 * after its probation, while the destination reads a backlog faster than the marks arrive; its first
 * re-routed records may then be judged against a clock that is ahead of them (late pairs count from
 * the next window on).
 */
public final class Reroute {

    /**
     * While a partition's marks hold the others back, it asks for a commit at most this often (wall clock): its
     * destinations see a mark only once committed, and an app's long commit interval (the monitor's 10 s) would let
     * them lag their own input by that much of a backlog, keeping as much more matching state.
     */
    public static final long HOLDING_COMMIT_MS = 1_000;

    /** Wall-clock interval at which a task that processed nothing asks whether its inputs are drained. */
    public static final long IDLE_CHECK_MS = 1_000;

    private static final byte VERSION = 1;
    private static final byte RECORD = 0;
    private static final byte PROGRESS = 1;
    private static final byte PROGRESS_CLEAN = 2;

    /**
     * Steps of event time a partition reads without a misplaced record, after each start, before its marks stop
     * holding the other partitions back.
     */
    public static final int PROBATION_STEPS = 24;

    private Reroute() {
    }

    /**
     * A mark: partition {@code source} has processed its direct input up to {@code time} (MAX: nothing to read);
     * {@code holds}: it may re-route records, so its destinations must not run ahead of {@code time}. A task's own
     * mark, forwarded directly to its {@link RerouteClock}, holds when its input resumed after it had nothing to read.
     */
    public record Progress(int source, long time, boolean holds) {
        /** A holding mark. */
        public Progress(int source, long time) {
            this(source, time, true);
        }
    }

    /**
     * What crosses the reroute topic: a misplaced record (value non-null) or a progress mark ({@code holds} as in
     * {@link Progress}; true for records).
     */
    public record Envelope(int source, long time, Object value, boolean holds) {
        /** A misplaced record, or a holding mark when {@code value} is null. */
        public Envelope(int source, long time, Object value) {
            this(source, time, value, true);
        }
    }

    /**
     * How one stream is re-routed.
     *
     * @param app         the app, for the {@code driftwatch.records.rerouted} counter
     * @param name        internal topic name without application id and {@code -repartition}, e.g. {@code
     *                    ingest-sales-reroute}
     * @param partitions  partition count of the input (and of the reroute topic)
     * @param seriesId    the series id of a value (the key it is re-routed by)
     * @param types       the value types the stream carries, each with its serde (order is the wire format: append
     *                    only)
     * @param stepMs      event-time step between progress marks of a busy partition
     * @param idleProbe   tells whether a partition's direct inputs have nothing left to read
     * @param progressStore name of the store that keeps the other partitions' last marks (see {@link #progressStore})
     */
    public record Spec(String app, String name, int partitions, Function<Object, String> seriesId, List<Type<?>> types,
                       long stepMs, IdleProbe idleProbe, String progressStore) {
    }

    /** A value type and its serde. */
    public record Type<V>(Class<V> type, Serde<V> serde) {
    }

    /**
     * Splits {@code checked} (records that passed the contract check) into well-placed records and the rest, sends
     * the rest through the reroute topic and merges them back: the returned stream carries the input's values, all
     * on their murmur2 partition and keyed by series id when re-routed, and {@link Progress} marks for the {@link
     * RerouteClock} of the processor behind it.
     */
    public static KStream<String, Object> wire(KStream<String, ?> checked, Spec spec) {
        @SuppressWarnings("unchecked")
        KStream<String, Object> in = (KStream<String, Object>) checked;
        Map<String, KStream<String, Object>> parts = in
                .process(() -> new RerouteSplit(spec), Named.as(spec.name() + "-split"))
                .split(Named.as(spec.name() + "-"))
                .branch((k, v) -> v instanceof Envelope, Branched.as("out"))
                .defaultBranch(Branched.as("direct"));
        KStream<String, Object> back = parts.get(spec.name() + "-out")
                .repartition(Repartitioned.<String, Object>with(Serdes.String(), serde(spec.types()))
                        .withName(spec.name())
                        .withNumberOfPartitions(spec.partitions())
                        .withStreamPartitioner(new Partitioner()))
                .processValues(Unwrap::new, Named.as(spec.name() + "-unwrap"));
        return parts.get(spec.name() + "-direct").merge(back, Named.as(spec.name() + "-merge"));
    }

    /** The store of a {@link RerouteClock}: the last mark of each other partition (in memory, with a changelog). */
    public static StoreBuilder<KeyValueStore<Integer, Long>> progressStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Integer(), Serdes.Long())
                .withLoggingEnabled(Changelogs.CONFIG);
    }

    /** The internal topic's name for an application id. */
    public static String topic(String applicationId, String name) {
        return applicationId + "-" + name + "-repartition";
    }

    /** A record to its series' murmur2 partition, a mark to every partition (KIP-837 multicast). */
    static final class Partitioner implements StreamPartitioner<String, Object> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
            if (value instanceof Envelope e && e.value() == null) {
                Set<Integer> all = new HashSet<>();
                for (int i = 0; i < numPartitions; i++) {
                    all.add(i);
                }
                return Optional.of(all);
            }
            return Optional.of(Set.of(Partitioning.partitionOf(key, numPartitions)));
        }
    }

    /** Envelope to the original value (re-routed record) or a {@link Progress} (mark). */
    static final class Unwrap implements FixedKeyProcessor<String, Object, Object> {
        private FixedKeyProcessorContext<String, Object> context;

        @Override
        public void init(FixedKeyProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Object> record) {
            Envelope e = (Envelope) record.value();
            context.forward(record.withValue(
                e.value() != null ? e.value() : new Progress(e.source(), e.time(), e.holds())));
        }
    }

    /**
     * Wire format: version, kind (0 record, 1 holding mark, 2 clean mark), source partition (int), time (long), then
     * for a record the index of its type and its bytes in that type's serde.
     */
    public static Serde<Object> serde(List<Type<?>> types) {
        Serializer<Object> ser = (topic, data) -> {
            Envelope e = (Envelope) data;
            byte[] payload = new byte[0];
            int type = -1;
            if (e.value() != null) {
                for (int i = 0; i < types.size() && type < 0; i++) {
                    if (types.get(i).type().isInstance(e.value())) {
                        type = i;
                        payload = serialize(types.get(i), topic, e.value());
                    }
                }
                if (type < 0) {
                    throw new IllegalArgumentException("cannot re-route a " + e.value().getClass().getName());
                }
            }
            ByteBuffer b = ByteBuffer.allocate(2 + 4 + 8 + 1 + payload.length);
            byte kind = e.value() != null ? RECORD : e.holds() ? PROGRESS : PROGRESS_CLEAN;
            b.put(VERSION).put(kind).putInt(e.source()).putLong(e.time());
            b.put((byte) type).put(payload);
            return b.array();
        };
        Deserializer<Object> de = (topic, data) -> {
            ByteBuffer b = ByteBuffer.wrap(data);
            byte version = b.get();
            if (version != VERSION) {
                throw new IllegalStateException("re-routed record of unknown format version " + version);
            }
            byte kind = b.get();
            int source = b.getInt();
            long time = b.getLong();
            int type = b.get();
            if (kind == PROGRESS || kind == PROGRESS_CLEAN) {
                return new Envelope(source, time, null, kind == PROGRESS);
            }
            if (kind != RECORD) {
                throw new IllegalStateException("re-routed record of unknown kind " + kind);
            }
            byte[] payload = new byte[b.remaining()];
            b.get(payload);
            return new Envelope(source, time, types.get(type).serde().deserializer().deserialize(topic, payload));
        };
        return Serdes.serdeFrom(ser, de);
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] serialize(Type<V> type, String topic, Object value) {
        return type.serde().serializer().serialize(topic, (V) value);
    }
}
