package io.driftwatch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories of tests and benchmarks (Kafka Streams state dirs, a broker's log dirs, an app's home), each
 * deleted with everything under it when the JVM exits: also the directories of a test that failed before its own
 * clean-up, and of apps it started in other processes. A test that needs the space back sooner still deletes its
 * directory itself ({@link #delete}); the exit hook skips what is gone.
 */
public final class TempDirs {

    private static final List<Path> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "temp-dirs-cleanup"));
    }

    private TempDirs() {
    }

    /** A new directory under java.io.tmpdir whose name starts with {@code prefix}, deleted at the JVM's exit. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (CREATED) {
                CREATED.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir " + prefix + "* under "
                + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private static Path childTmp;

    /**
     * {@code -Djava.io.tmpdir=...} for the JVMs a test starts: RocksDB and lz4 unpack their native libraries (about
     * 15 MB) into java.io.tmpdir and delete them at a normal exit, which a SIGKILL skips. One directory per test JVM,
     * shared by all of its children (as /tmp would be), deleted at the test JVM's exit.
     */
    public static synchronized String childTmpdirOption() {
        if (childTmp == null) {
            childTmp = create("driftwatch-children-");
        }
        return "-Djava.io.tmpdir=" + childTmp;
    }

    /** Deletes {@code dir} and everything under it, if it exists; what cannot be deleted is left. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file removed while walking (an app still closing): the rest is left for the exit hook or the OS
        }
    }

    private static void deleteAll() {
        List<Path> dirs;
        synchronized (CREATED) {
            dirs = new ArrayList<>(CREATED);
        }
        dirs.forEach(TempDirs::delete);
    }
}
