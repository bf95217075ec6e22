package io.kvm4nfv.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates big, deterministic cyclictest outputs for the benchmarks: a {@code -v} output
 * (one {@code %8d:%8u:%8ld} line per sample, threads one after the other as cyclictest
 * prints them at exit) and the {@code -h} histogram output of the very same samples.
 */
public final class BenchData {
    /** Samples in the generated outputs (all threads together). */
    public static final long SAMPLES = Long.getLong("bench.samples", 10_000_000L);
    public static final int THREADS = 2;
    public static final int HISTOGRAM_US = 1000;

    private BenchData() {
    }

    public static Path dir() {
        Path d = Path.of(System.getProperty("bench.dir", "target/bench"));
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** The latency of sample {@code i}: mostly 40..120 µs, 1 in 2000 a spike up to 3 ms. */
    private static long latency(SplittableRandom r) {
        if (r.nextInt(2000) == 0) {
            return 500 + r.nextInt(2500);
        }
        return 40 + r.nextInt(40) + r.nextInt(41);
    }

    public static Path verbose(long samples) {
        Path file = dir().resolve("verbose-" + samples + ".txt");
        if (Files.exists(file)) {
            return file;
        }
        long perThread = samples / THREADS;
        SplittableRandom r = new SplittableRandom(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("# /dev/cpu_dma_latency set to 0us\n");
            for (int t = 0; t < THREADS; t++) {
                for (long c = 0; c < perThread; c++) {
                    w.write(String.format("%8d:%8d:%8d%n", t, c, latency(r)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static Path histogram(long samples) {
        Path file = dir().resolve("histogram-" + samples + ".txt");
        if (Files.exists(file)) {
            return file;
        }
        long perThread = samples / THREADS;
        SplittableRandom r = new SplittableRandom(42);
        long[][] counts = new long[THREADS][HISTOGRAM_US];
        long[] overflows = new long[THREADS];
        long[] min = new long[THREADS];
        long[] max = new long[THREADS];
        long[] sum = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            min[t] = Long.MAX_VALUE;
            for (long c = 0; c < perThread; c++) {
                long v = latency(r);
                if (v < HISTOGRAM_US) {
                    counts[t][(int) v]++;
                } else {
                    overflows[t]++;
                }
                min[t] = Math.min(min[t], v);
                max[t] = Math.max(max[t], v);
                sum[t] += v;
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("# /dev/cpu_dma_latency set to 0us\n# Histogram\n");
            for (int b = 0; b < HISTOGRAM_US; b++) {
                w.write(String.format("%06d", b));
                for (int t = 0; t < THREADS; t++) {
                    w.write(String.format("%s%06d", t == 0 ? " " : "\t", counts[t][b]));
                }
                w.write('\n');
            }
            StringBuilder total = new StringBuilder("# Total:");
            StringBuilder mn = new StringBuilder("# Min Latencies:");
            StringBuilder avg = new StringBuilder("# Avg Latencies:");
            StringBuilder mx = new StringBuilder("# Max Latencies:");
            StringBuilder ov = new StringBuilder("# Histogram Overflows:");
            for (int t = 0; t < THREADS; t++) {
                total.append(String.format(" %09d", perThread - overflows[t]));
                mn.append(String.format(" %05d", min[t]));
                avg.append(String.format(" %05d", sum[t] / perThread));
                mx.append(String.format(" %05d", max[t]));
                ov.append(String.format(" %05d", overflows[t]));
            }
            for (StringBuilder sb : new StringBuilder[]{total, mn, avg, mx, ov}) {
                w.write(sb.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
