package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ThreadLatency;
import io.kvm4nfv.testing.Fuzz;
import io.kvm4nfv.testing.Mutate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of both cyclictest parsers. Valid outputs of every form (quiet summary, live
 * redraws with {@code ESC[nA}, {@code -v}, {@code -h} text, JSON with and without {@code -h})
 * are rendered from generated figures and must parse to exactly those figures; mutations of
 * them must parse to a result or fail with a {@link CyclictestParseException} that says where.
 */
class CyclictestFuzzTest {

    private static final List<String> TOKENS = List.of("T:", "T: 0 ( 1) P:0 I:1 C:", " Min:", " Max:", " Avg:",
            "# Total:", "# Histogram Overflows:", "# Min Latencies:", "# Avg Latencies:", "# Max Latencies:",
            "# Thread Ids:", "# Break thread:", "# Break value:", "000000", "100000000:1:1", "4095", "4096",
            "999999", "1000000", "1000000000000000", "1000000000000001", "\u001B[2A", "\"histogram\": {}",
            "\"cmdline:\": \"cyclictest -h 99999999999\"", "\"thread\"", "\"cycles\": 1e300", "\"7\": {}");

    /** The figures of one thread, and its histogram counts when the run had one. */
    record Truth(long samples, long min, double avg, long max, long[] counts, long overflows) {
    }

    /** A run: its threads and its histogram range (0 = none). */
    record Run(List<Truth> threads, int range) {
    }

    // ---- generators of valid runs ------------------------------------------------------------

    static Run histogramRun(Random r) {
        int range = 1 + r.nextInt(60);
        List<Truth> threads = new ArrayList<>();
        for (int t = 0, n = 1 + r.nextInt(3); t < n; t++) {
            long[] counts = new long[range];
            long inRange = 0;
            int lowest = -1;
            int highest = -1;
            for (int b = 0; b < range; b++) {
                counts[b] = r.nextInt(3) == 0 ? r.nextInt(5000) : 0;
                if (counts[b] > 0) {
                    inRange += counts[b];
                    lowest = lowest < 0 ? b : lowest;
                    highest = b;
                }
            }
            long overflows = r.nextBoolean() ? 0 : r.nextInt(50);
            if (inRange == 0 && overflows == 0) {
                overflows = 1;
            }
            long min = lowest >= 0 ? lowest : range + r.nextInt(100);
            long max = overflows > 0 ? Math.max(min, range + r.nextInt(100_000)) : highest;
            long avg = min + (max == min ? 0 : (long) (r.nextDouble() * (max - min)));
            threads.add(new Truth(inRange + overflows, min, avg, max, counts, overflows));
        }
        return new Run(threads, range);
    }

    static Run summaryRun(Random r, boolean fractionalAvg) {
        List<Truth> threads = new ArrayList<>();
        for (int t = 0, n = 1 + r.nextInt(4); t < n; t++) {
            long min = r.nextInt(1000);
            long max = min + r.nextInt(r.nextBoolean() ? 100 : 10_000_000);
            double avg = min + r.nextDouble() * (max - min);
            avg = fractionalAvg ? Math.min(max, Math.round(avg * 100) / 100.0) : Math.floor(avg);
            threads.add(new Truth(1 + r.nextInt(1_000_000_000), min, avg, max, null, 0));
        }
        return new Run(threads, 0);
    }

    // ---- cyclictest's formats ----------------------------------------------------------------

    static String histogramText(Run run, Random r) {
        StringBuilder sb = new StringBuilder("# /dev/cpu_dma_latency set to 0us\n# Histogram\n");
        List<Truth> ts = run.threads();
        for (int b = 0; b < run.range(); b++) {
            sb.append(String.format("%06d ", b));
            for (int t = 0; t < ts.size(); t++) {
                sb.append(String.format("%06d", ts.get(t).counts()[b])).append(t < ts.size() - 1 ? "\t" : "");
            }
            sb.append('\n');
        }
        sb.append("# Total:");
        ts.forEach(t -> sb.append(String.format(" %09d", t.samples() - t.overflows())));
        sb.append("\n# Min Latencies:");
        ts.forEach(t -> sb.append(String.format(" %05d", t.min())));
        sb.append("\n# Avg Latencies:");
        ts.forEach(t -> sb.append(String.format(" %05d", (long) t.avg())));
        sb.append("\n# Max Latencies:");
        ts.forEach(t -> sb.append(String.format(" %05d", t.max())));
        sb.append("\n# Histogram Overflows:");
        ts.forEach(t -> sb.append(String.format(" %05d", t.overflows())));
        sb.append("\n# Histogram Overflow at cycle number:\n");
        for (int t = 0; t < ts.size(); t++) {
            sb.append("# Thread ").append(t).append(':');
            for (int i = 0; i < Math.min(10, ts.get(t).overflows()); i++) {
                sb.append(String.format(" %05d", r.nextInt(100_000)));
            }
            sb.append(ts.get(t).overflows() > 10 ? " # " + String.format("%05d", ts.get(t).overflows() - 10)
                    + " others" : "").append('\n');
        }
        return sb.toString();
    }

    static String tLine(int index, Truth t, long cycles, long max) {
        return String.format("T:%2d (%5d) P:%2d I:%d C:%7d Min:%7d Act:%5d Avg:%5d Max:%8d", index, 4000 + index,
                99, 1000 + 500 * index, cycles, t.min(), t.min(), (long) t.avg(), max);
    }

    static String quietSummary(Run run) {
        StringBuilder sb = new StringBuilder("# /dev/cpu_dma_latency set to 0us\n");
        for (int t = 0; t < run.threads().size(); t++) {
            Truth th = run.threads().get(t);
            sb.append(tLine(t, th, th.samples(), th.max())).append('\n');
        }
        return sb.toString();
    }

    /** Without {@code -q}: the T: lines are redrawn in place a few times, the last drawing counts. */
    static String liveRedraws(Run run, Random r) {
        int n = run.threads().size();
        StringBuilder sb = new StringBuilder("# /dev/cpu_dma_latency set to 0us\n");
        for (int round = 0, rounds = 1 + r.nextInt(4); round <= rounds; round++) {
            if (round > 0) {
                sb.append("\u001B[").append(n + 2).append('A');
            }
            sb.append("policy: fifo: loadavg: 0.10 0.20 0.30 1/89 1851          \n\n");
            for (int t = 0; t < n; t++) {
                Truth th = run.threads().get(t);
                long cycles = round == rounds ? th.samples() : th.samples() * round / (rounds + 1);
                long max = round == rounds ? th.max() : th.min() + (th.max() - th.min()) * round / (rounds + 1);
                sb.append(tLine(t, th, cycles, max)).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code -v}: one line per sample; the figures are those of the samples drawn. */
    static String verbose(Random r, List<Truth> truths) {
        int n = 1 + r.nextInt(3);
        List<List<Long>> samples = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            samples.add(new ArrayList<>());
        }
        StringBuilder sb = new StringBuilder("Max CPUs = 2\nOnline CPUs = 2\n# /dev/cpu_dma_latency set to 0us\n");
        for (int i = 0, lines = n + r.nextInt(60); i < lines; i++) {
            int t = i < n ? i : r.nextInt(n);
            long v = r.nextInt(r.nextBoolean() ? 200 : 100_000);
            sb.append(String.format("%8d:%8d:%8d%n", t, samples.get(t).size(), v));
            samples.get(t).add(v);
        }
        for (List<Long> s : samples) {
            long sum = s.stream().mapToLong(Long::longValue).sum();
            truths.add(new Truth(s.size(), s.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    (double) sum / s.size(), s.stream().mapToLong(Long::longValue).max().orElseThrow(), null, 0));
        }
        return sb.toString();
    }

    static String json(Run run, Random r) {
        StringBuilder sb = new StringBuilder("{\n  \"file_version\": 1,\n  \"cmdline:\": \"cyclictest -m -i 1000 -l 1000 -t ")
                .append(run.threads().size());
        if (run.range() > 0) {
            sb.append(r.nextBoolean() ? " -h " + run.range() : " --histogram=" + run.range());
        }
        sb.append(" -q --json=/tmp/run.json\",\n  \"rt_test_version:\": \"2.40\",\n  \"num_threads\": ")
                .append(run.threads().size()).append(",\n  \"thread\": {\n");
        for (int t = 0; t < run.threads().size(); t++) {
            Truth th = run.threads().get(t);
            sb.append("    \"").append(t).append("\": {\n      \"histogram\": {");
            if (th.counts() != null) {
                String sep = "";
                for (int b = 0; b < th.counts().length; b++) {
                    if (th.counts()[b] > 0) {
                        sb.append(sep).append("\n        \"").append(b).append("\": ").append(th.counts()[b]);
                        sep = ",";
                    }
                }
            } else {
                sb.append("      ");
            }
            sb.append("},\n      \"cycles\": ").append(th.samples()).append(",\n      \"min\": ").append(th.min())
                    .append(",\n      \"max\": ").append(th.max()).append(",\n      \"avg\": ")
                    .append(String.format(Locale.ROOT, "%.2f", th.avg())).append(",\n      \"cpu\": ").append(t)
                    .append(",\n      \"node\": 0\n    }").append(t < run.threads().size() - 1 ? ",\n" : "\n");
        }
        return sb.append("  }\n}\n").toString();
    }

    /** A -h run for JSON: its avg has two decimals. */
    static Run withFractionalAvg(Run run, Random r) {
        List<Truth> threads = new ArrayList<>();
        for (Truth t : run.threads()) {
            double avg = Math.min(t.max(), Math.round((t.avg() + r.nextDouble()) * 100) / 100.0);
            threads.add(new Truth(t.samples(), t.min(), Math.max(t.min(), avg), t.max(), t.counts(), t.overflows()));
        }
        return new Run(threads, run.range());
    }

    // ---- parsing and checking ----------------------------------------------------------------

    static CyclictestResult parseText(String output) {
        CyclictestOutputParser parser = new CyclictestOutputParser();
        output.lines().forEach(parser);
        return parser.result("Idle-Idle", List.of(), 0);
    }

    static void assertFigures(CyclictestResult result, Run run) {
        assertThat(result.threads()).hasSize(run.threads().size());
        for (int t = 0; t < run.threads().size(); t++) {
            Truth want = run.threads().get(t);
            ThreadLatency got = result.thread(t);
            assertThat(got.samples()).as("thread %d samples", t).isEqualTo(want.samples());
            assertThat(got.minUs()).as("thread %d min", t).isEqualTo(want.min());
            assertThat(got.avgUs()).as("thread %d avg", t).isEqualTo(want.avg());
            assertThat(got.maxUs()).as("thread %d max", t).isEqualTo(want.max());
            if (want.counts() == null) {
                assertThat(got.histogram()).as("thread %d histogram", t).isNull();
                continue;
            }
            TreeMap<Integer, Long> buckets = new TreeMap<>();
            for (int b = 0; b < want.counts().length; b++) {
                if (want.counts()[b] > 0) {
                    buckets.put(b, want.counts()[b]);
                }
            }
            assertThat(got.histogram().rangeUs()).isEqualTo(run.range());
            assertThat(got.histogram().buckets()).as("thread %d buckets", t).isEqualTo(buckets);
            assertThat(got.overflows()).as("thread %d overflows", t).isEqualTo(want.overflows());
        }
    }

    /** A result, or the parser's own error naming where; never another exception. */
    static void resultOrItsOwnError(Runnable parse, String where) {
        try {
            parse.run();
        } catch (CyclictestParseException e) {
            assertThat(e.getMessage()).as("message of %s", e).startsWith(where);
        }
    }

    /** One of the valid text forms, with the figures it must parse to. */
    record TextCase(String output, Run expected) {
    }

    static TextCase validText(Random r) {
        switch (r.nextInt(4)) {
            case 0 -> {
                Run run = histogramRun(r);
                return new TextCase(histogramText(run, r), run);
            }
            case 1 -> {
                Run run = summaryRun(r, false);
                return new TextCase(quietSummary(run), run);
            }
            case 2 -> {
                Run run = summaryRun(r, false);
                return new TextCase(liveRedraws(run, r), run);
            }
            default -> {
                List<Truth> truths = new ArrayList<>();
                String out = verbose(r, truths);
                return new TextCase(out, new Run(truths, 0));
            }
        }
    }

    static TextCase validJson(Random r) {
        if (r.nextBoolean()) {
            Run run = withFractionalAvg(histogramRun(r), r);
            return new TextCase(json(run, r), run);
        }
        Run run = summaryRun(r, true);
        return new TextCase(json(run, r), run);
    }

    // ---- properties --------------------------------------------------------------------------

    @Test
    void validTextOutputsParseToTheirFigures() {
        Fuzz.property("cyclictest text valid", 800).showing(c -> ((TextCase) c).output())
                .forAll(CyclictestFuzzTest::validText, c -> assertFigures(parseText(c.output()), c.expected()));
    }

    @Test
    void validJsonParsesToItsFiguresWithAndWithoutHistogram() {
        Fuzz.property("cyclictest json valid", 600).showing(c -> ((TextCase) c).output())
                .forAll(CyclictestFuzzTest::validJson,
                        c -> assertFigures(CyclictestJsonParser.parse(c.output(), "Idle-Idle"), c.expected()));
    }

    @Test
    void mutatedTextOutputsGiveAResultOrAParseErrorNamingTheLine() {
        Fuzz.property("cyclictest text mutated", 4000)
                .forAll(r -> Mutate.text(r, validText(r).output(), TOKENS),
                        out -> resultOrItsOwnError(() -> parseText(out), "cyclictest output "));
    }

    @Test
    void mutatedJsonGivesAResultOrAParseErrorSayingWhere() {
        Fuzz.property("cyclictest json mutated", 3000)
                .forAll(r -> Mutate.text(r, validJson(r).output(), TOKENS),
                        json -> resultOrItsOwnError(() -> CyclictestJsonParser.parse(json, "Idle-Idle"),
                                "cyclictest JSON"));
    }

    @Test
    void numbersInTheInputNeverSizeTheParsersMemory() {
        // each line alone, with every hostile number in every numeric position
        List<String> shapes = List.of("%s:1:1", "0:%s:1", "0:1:%s", "T: %s ( 1) P:0 I:1 C: 1 Min: 1 Act: 1 Avg: 1 Max: 1",
                "T: 0 ( 1) P:0 I:1 C: %s Min: 1 Act: 1 Avg: %s Max: %s", "%s 000001", "000000 %s",
                "# Total: %s", "# Histogram Overflows: 1 1 1 %s", "# Break value: %s");
        Fuzz.property("cyclictest huge numbers", 600)
                .forAll(r -> {
                    String shape = shapes.get(r.nextInt(shapes.size()));
                    String number = r.nextBoolean() ? Mutate.HOSTILE.get(r.nextInt(3)) : Long.toString(
                            (long) Math.pow(10, 3 + r.nextInt(16)) + r.nextInt(10));
                    return shape.replace("%s", number);
                }, line -> resultOrItsOwnError(() -> parseText(line), "cyclictest output "));
    }
}
