package io.kvm4nfv.bench;

import io.kvm4nfv.probe.cyclictest.CyclictestOutputParser;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.ThreadLatency;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link CyclictestParseBenchmark} and prints awk-time / Java-time ratios, checks that
 * Java and awk agree on the figures, and measures the parser's heap after 1 M and 10 M
 * samples (it must stay flat).
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path verbose = BenchData.verbose(BenchData.SAMPLES);
        Path histogram = BenchData.histogram(BenchData.SAMPLES);
        System.out.printf(Locale.ROOT, "files: %s (%d MB), %s (%d kB)%n", verbose, Files.size(verbose) >> 20,
                histogram, Files.size(histogram) >> 10);

        agree(verbose, CyclictestParseBenchmark.AWK_VERBOSE, false);
        agree(histogram, CyclictestParseBenchmark.AWK_HISTOGRAM, true);

        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CyclictestParseBenchmark.class.getName()).build()).run();
        Map<String, Double> score = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("== cyclictest parse: Java streaming parser vs awk, same files, same run ==");
        ratio("verbose -v, " + BenchData.SAMPLES + " samples", score.get("verboseJava"), score.get("verboseAwk"));
        ratio("histogram -h " + BenchData.HISTOGRAM_US + ", " + BenchData.SAMPLES + " samples",
                score.get("histogramJava"), score.get("histogramAwk"));

        heap(BenchData.verbose(BenchData.SAMPLES / 10), BenchData.SAMPLES / 10);
        heap(verbose, BenchData.SAMPLES);
    }

    private static void ratio(String what, double javaMs, double awkMs) {
        System.out.printf(Locale.ROOT, "%-40s java %10.3f ms   awk %10.3f ms   awk/java = %.2fx%n", what, javaMs, awkMs,
                awkMs / javaMs);
    }

    /** Java's summary must equal awk's (histogram: in-range samples only, as awk sees buckets). */
    private static void agree(Path file, String program, boolean histogram) throws Exception {
        CyclictestResult r = CyclictestParseBenchmark.parse(file);
        String awk = CyclictestParseBenchmark.awk(program, file);
        for (String line : awk.strip().split("\n")) {
            String[] f = line.trim().split(" ");
            ThreadLatency t = r.thread(Integer.parseInt(f[0]));
            long n = Long.parseLong(f[1]);
            double avg = Double.parseDouble(f[3]);
            // histogram: what the buckets hold (cyclictest's own summary lines also count the
            // samples beyond the range, which awk cannot see); verbose: every sample
            long javaN;
            long javaMin;
            long javaMax;
            double javaAvg;
            if (histogram) {
                LatencyHistogram h = t.histogram();
                javaN = h.inRangeCount();
                javaMin = h.buckets().firstKey();
                javaMax = h.buckets().lastKey();
                javaAvg = h.inRangeMeanUs().orElseThrow();
            } else {
                javaN = t.samples();
                javaMin = t.minUs();
                javaMax = t.maxUs();
                javaAvg = t.avgUs();
            }
            boolean same = n == javaN && Long.parseLong(f[2]) == javaMin && Long.parseLong(f[4]) == javaMax
                    && Math.abs(avg - javaAvg) < 1e-3;
            System.out.printf(Locale.ROOT, "%s thread %s: awk [%s] java%s [n=%d min=%d avg=%.4f max=%d] %s%n",
                    file.getFileName(), f[0], line.trim(), histogram ? " (in-range buckets)" : "", javaN, javaMin,
                    javaAvg, javaMax, same ? "agree" : "DISAGREE");
            if (!same) {
                throw new IllegalStateException("java and awk disagree on " + file);
            }
        }
    }

    private static void heap(Path file, long samples) throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        CyclictestOutputParser parser = new CyclictestOutputParser();
        long peakDuring = 0;
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                parser.accept(line);
                if (++lines % 1_000_000 == 0) {
                    System.gc();
                    peakDuring = Math.max(peakDuring, mem.getHeapMemoryUsage().getUsed() - before);
                }
            }
        }
        System.gc();
        long retained = mem.getHeapMemoryUsage().getUsed() - before;
        CyclictestResult result = parser.result("heap", List.of(), 0);
        System.out.printf(Locale.ROOT, "heap after GC with the parser alive: %,d samples -> retained %,d bytes "
                        + "(max after GC while parsing %,d bytes); aggregate max %d us%n",
                samples, retained, peakDuring, result.aggregate().maxUs());
    }
}
