package io.kvm4nfv.probe.cyclictest;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of a long cyclictest run: a line such as
 * {@code cyclictest Idle-Idle: 120 s / 600 s (20%), max so far 57 us} at least every
 * {@code every} (10 s by default), also when cyclictest prints nothing ({@code -q}).
 *
 * <p>Use {@link #start()} to get a background ticker (a daemon thread) and close it when the
 * run ends; or call {@link #tick()} yourself (with an injected clock in tests).
 */
public final class CyclictestProgress implements AutoCloseable {

    /** The default reporting period. */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);

    private final String name;
    private final Duration planned;
    private final Duration every;
    private final Supplier<OptionalLong> currentMaxUs;
    private final Consumer<String> sink;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastReportNanos;
    private ScheduledExecutorService ticker;

    /**
     * @param name         what runs, e.g. the test type
     * @param planned      the planned duration ({@link CyclictestOptions#plannedDuration()})
     * @param every        longest time between two progress lines
     * @param currentMaxUs the live max, e.g. {@code parser::currentMaxUs}
     * @param sink         receives the progress lines
     * @param nanoClock    monotonic clock in ns ({@code System::nanoTime})
     */
    public CyclictestProgress(String name, Duration planned, Duration every, Supplier<OptionalLong> currentMaxUs,
                              Consumer<String> sink, LongSupplier nanoClock) {
        this.name = Objects.requireNonNull(name, "name");
        this.planned = Objects.requireNonNull(planned, "planned");
        this.every = Objects.requireNonNull(every, "every");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive: " + every);
        }
        this.currentMaxUs = Objects.requireNonNull(currentMaxUs, "currentMaxUs");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
        this.lastReportNanos = startNanos;
    }

    /**
     * Progress of a run parsed by {@code parser}, every 10 s, on the system clock.
     *
     * @param name what runs, e.g. the test type and node
     * @param options the run's options, for its planned duration
     * @param parser the parser reading the run's output, for the largest latency so far
     * @param sink receives the progress lines
     * @return a progress reporter, not yet started
     */
    public static CyclictestProgress of(String name, CyclictestOptions options, CyclictestOutputParser parser,
                                        Consumer<String> sink) {
        return new CyclictestProgress(name, options.plannedDuration(), DEFAULT_EVERY, parser::currentMaxUs, sink,
                System::nanoTime);
    }

    /**
     * Emits a line if {@code every} has passed since the last one; returns whether it did.
     *
     * @return {@code true} if a progress line was emitted
     */
    public synchronized boolean tick() {
        long now = nanoClock.getAsLong();
        if (now - lastReportNanos < every.toNanos()) {
            return false;
        }
        lastReportNanos = now;
        sink.accept(line(now));
        return true;
    }

    /**
     * The progress line for now, without rate limiting.
     *
     * @return the current progress line: elapsed and planned seconds and the largest latency so far
     */
    public synchronized String line() {
        return line(nanoClock.getAsLong());
    }

    private String line(long now) {
        long elapsedS = Duration.ofNanos(now - startNanos).toSeconds();
        long plannedS = planned.toSeconds();
        StringBuilder sb = new StringBuilder("cyclictest ").append(name).append(": ")
                .append(elapsedS).append(" s / ").append(plannedS).append(" s");
        if (plannedS > 0) {
            sb.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, elapsedS * 100 / plannedS)));
        }
        OptionalLong max = currentMaxUs.get();
        sb.append(max.isPresent() ? ", max so far " + max.getAsLong() + " us" : ", max not known yet");
        return sb.toString();
    }

    /**
     * Starts a daemon thread that calls {@link #tick()} every second; {@link #close()} stops it.
     *
     * @return this progress reporter, for use in try-with-resources
     */
    public synchronized CyclictestProgress start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cyclictest-progress-" + name);
                t.setDaemon(true);
                return t;
            });
            long periodMs = Math.max(1, Math.min(1000, every.toMillis()));
            ticker.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
