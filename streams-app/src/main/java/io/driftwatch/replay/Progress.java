package io.driftwatch.replay;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a long replay on stderr: a bar redrawn in place when stderr is a terminal, else a plain line every
 * {@code plainEveryMs} (logs and CI stay readable). Driven by a daemon thread reading one counter.
 */
public final class Progress implements AutoCloseable {

    private final PrintStream err;
    private final boolean tty;
    private final long plainEveryMs;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong phaseStart = new AtomicLong(System.nanoTime());
    private final long start = System.nanoTime();
    private volatile long total;
    private volatile String phase = "";
    private volatile boolean closed;
    private final Thread thread;

    public Progress(PrintStream err, boolean tty, long plainEveryMs) {
        this.err = err;
        this.tty = tty;
        this.plainEveryMs = plainEveryMs;
        this.thread = new Thread(this::loop, "driftwatch-replay-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** True when stderr is a terminal (Linux: /proc/self/fd/2 points at a tty; elsewhere: a console is attached). */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** Starts a phase of {@code total} units (records); the counter restarts at 0. */
    public void phase(String name, long total) {
        this.phase = name;
        this.total = total;
        done.set(0);
        phaseStart.set(System.nanoTime());
    }

    public AtomicLong counter() {
        return done;
    }

    private void loop() {
        long lastPlain = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(tty ? 200 : 1000); // a display refresh rate, not a wait for a result
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed) {
                return;
            }
            if (tty) {
                err.print("\r" + line(true));
                err.flush();
            } else if (System.nanoTime() - lastPlain >= plainEveryMs * 1_000_000L) {
                lastPlain = System.nanoTime();
                err.println(line(false));
            }
        }
    }

    String line(boolean bar) {
        long t = total;
        long d = done.get();
        double secs = (System.nanoTime() - start) / 1e9;
        double f = t <= 0 ? 0 : Math.min(1.0, d / (double) t);
        StringBuilder b = new StringBuilder(phase).append(' ');
        if (bar && t > 0) {
            int width = 30;
            int full = (int) Math.round(f * width);
            b.append('[').append("#".repeat(full)).append(".".repeat(width - full)).append("] ");
        }
        b.append(t > 0 ? String.format(Locale.ROOT, "%3.0f%% %,d/%,d records", f * 100, d, t)
            : String.format(Locale.ROOT, "%,d records", d));
        b.append(String.format(Locale.ROOT, ", %.0f s", secs));
        if (t > 0 && f > 0.02 && f < 1) {
            b.append(String.format(Locale.ROOT, ", ~%.0f s left in this phase", phaseLeft(f)));
        }
        return b.append("   ").toString();
    }

    private double phaseLeft(double f) {
        double inPhase = (System.nanoTime() - phaseStart.get()) / 1e9;
        return inPhase / f * (1 - f);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (tty) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }
}
