package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;
import io.kvm4nfv.testing.Fuzz;
import io.kvm4nfv.testing.Mutate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Properties of both oslat parsers. Valid outputs (with and without header, bias and omitted
 * rows, as text table and as JSON file) are rendered from generated figures and must parse to
 * exactly those figures; mutations of them must parse to a result or fail with an
 * {@link OslatParseException} that says where.
 */
class OslatFuzzTest {

    private static final List<String> TOKENS = List.of("        Core:\t", "Counter Freq:\t", "    001 (us):\t",
            "    999 (us):\t", " (including overflows)", "     Minimum:\t", "     Average:\t", "     Maximum:\t",
            "     Max-Min:\t", "    Duration:\t", " (us)", " (sec)", " (Mhz)", "    ...", "Global bias set to 1 (us)",
            "1000000000000000", "1000000000000001", "18446744073709551615", "-nan", "4096", "4097", "1024", "1025",
            "\"histogram\": {}", "\"thread\"", "\"num_threads\": 9", "\"cmdline:\": \"oslat -b 99999 -B\"", "\"7\": {}");

    /** The figures of one CPU; counts by bucket, the last one including the overflows. */
    record Cpu(int core, long mhz, long[] counts, long min, double avg, long max, double duration) {
        long samples() {
            long s = 0;
            for (long c : counts) {
                s += c;
            }
            return s;
        }
    }

    /** A run: its bias (0 = no -B) and CPUs. */
    record Run(long bias, List<Cpu> cpus) {
        int buckets() {
            return cpus.get(0).counts().length;
        }
    }

    static Run run(Random r) {
        long bias = r.nextInt(3) == 0 ? 1 + r.nextInt(5) : 0;
        int buckets = 5 + r.nextInt(40);
        int n = 1 + r.nextInt(3);
        Set<Integer> cores = new LinkedHashSet<>();
        while (cores.size() < n) {
            cores.add(r.nextInt(64));
        }
        List<Cpu> cpus = new ArrayList<>();
        for (int core : cores) {
            long[] counts = new long[buckets];
            counts[0] = 1 + r.nextInt(1_000_000_000);
            int highest = 0;
            for (int b = 1; b < buckets; b++) {
                counts[b] = r.nextInt(3) == 0 ? r.nextInt(5000) : 0;
                highest = counts[b] > 0 ? b : highest;
            }
            long first = bias + 1;
            long last = bias + buckets;
            long min = 1 + r.nextInt((int) first);
            long max = counts[buckets - 1] > 0 ? last + r.nextInt(400_000) : Math.max(min, first + highest);
            double avg = (min * 1000 + r.nextInt(1_000_000)) / 1000.0;
            cpus.add(new Cpu(core, 1000 + r.nextInt(3000), counts, min, avg, max, r.nextInt(100_000) / 1000.0));
        }
        return new Run(bias, cpus);
    }

    // ---- oslat's formats ---------------------------------------------------------------------

    private static void row(StringBuilder sb, String label, List<String> values, String unit) {
        sb.append(String.format("%12s:\t", label));
        values.forEach(v -> sb.append(' ').append(v));
        sb.append(unit).append('\n');
    }

    private static List<String> each(Run run, java.util.function.Function<Cpu, Object> f) {
        return run.cpus().stream().map(c -> String.valueOf(f.apply(c))).toList();
    }

    static String text(Run run, Random r) {
        boolean quiet = r.nextBoolean();
        boolean omitZeros = r.nextBoolean();
        StringBuilder sb = new StringBuilder("oslat V 2.40\n");
        if (!quiet) {
            sb.append("Total runtime: \t\t5 seconds\nThread priority: \tdefault\nCPU list: \t\t0-1\n")
                    .append("CPU for main thread: \t0\nWorkload: \t\tno\nWorkload mem: \t\t0 (KiB)\n")
                    .append("Preheat cores: \t\t2\n\nPre-heat for 1 seconds...\n");
        }
        if (run.bias() > 0) {
            sb.append("Global bias set to ").append(run.bias()).append(" (us)\n");
        }
        if (!quiet) {
            sb.append("Test starts...\nTest completed.\n\n");
        }
        row(sb, "Core", each(run, Cpu::core), "");
        row(sb, "Counter Freq", each(run, Cpu::mhz), " (Mhz)");
        boolean omitted = false;
        for (int b = 0; b < run.buckets(); b++) {
            int bucket = b;
            boolean last = b == run.buckets() - 1;
            if (omitZeros && !last && run.cpus().stream().allMatch(c -> c.counts()[bucket] == 0)) {
                omitted = true;
                continue;
            }
            if (omitted) {
                sb.append("    ...\n");
                omitted = false;
            }
            row(sb, String.format("%03d (us)", run.bias() + b + 1), each(run, c -> c.counts()[bucket]),
                    last ? " (including overflows)" : "");
        }
        row(sb, "Minimum", each(run, Cpu::min), " (us)");
        row(sb, "Average", each(run, c -> String.format(Locale.ROOT, "%.3f", c.avg())), " (us)");
        row(sb, "Maximum", each(run, Cpu::max), " (us)");
        row(sb, "Max-Min", each(run, c -> c.max() - c.min()), " (us)");
        row(sb, "Duration", each(run, c -> String.format(Locale.ROOT, "%.3f", c.duration())), " (sec)");
        return sb.append('\n').toString();
    }

    static String json(Run run) {
        StringBuilder sb = new StringBuilder("{\n  \"file_version\": 1,\n  \"cmdline:\": \"oslat -c 0-1 -D 5 -b ")
                .append(run.buckets()).append(run.bias() > 0 ? " -B" : "").append(" --json=/tmp/o.json\",\n")
                .append("  \"rt_test_version:\": \"2.40\",\n  \"return_code\": 0,\n  \"num_threads\": ")
                .append(run.cpus().size()).append(",\n  \"thread\": {\n");
        for (int i = 0; i < run.cpus().size(); i++) {
            Cpu c = run.cpus().get(i);
            sb.append(String.format(Locale.ROOT, "    \"%d\": {\n      \"cpu\": %d,\n      \"freq\": %d,\n"
                    + "      \"min\": %d,\n      \"avg\": %f,\n      \"max\": %d,\n      \"duration\": %.3f,\n"
                    + "      \"histogram\": {", i, c.core(), c.mhz(), c.min(), c.avg(), c.max(), c.duration()));
            String sep = "\n";
            for (int b = 0; b < c.counts().length; b++) {
                if (c.counts()[b] > 0) {
                    sb.append(sep).append("        \"").append(run.bias() + b + 1).append("\": ").append(c.counts()[b]);
                    sep = ",\n";
                }
            }
            sb.append("\n      }\n    }").append(i < run.cpus().size() - 1 ? ",\n" : "\n");
        }
        return sb.append("  }\n}\n").toString();
    }

    // ---- parsing and checking ----------------------------------------------------------------

    static OslatResult parseText(String output) {
        OslatOutputParser parser = new OslatOutputParser();
        output.lines().forEach(parser);
        return parser.result("Idle-Idle", List.of());
    }

    static OslatResult parseJson(String json, long bias) {
        return OslatJsonParser.parse(json, "Idle-Idle", bias > 0 ? OptionalLong.of(bias) : OptionalLong.empty());
    }

    static void assertFigures(OslatResult result, Run run) {
        assertThat(result.cpus()).hasSize(run.cpus().size());
        assertThat(result.biasUs()).isEqualTo(run.bias());
        for (int i = 0; i < run.cpus().size(); i++) {
            Cpu want = run.cpus().get(i);
            OslatCpuLatency got = result.cpu(i);
            assertThat(got.cpu()).isEqualTo(want.core());
            assertThat(got.counterMhz()).isEqualTo(want.mhz());
            assertThat(got.samples()).isEqualTo(want.samples());
            assertThat(got.minUs()).isEqualTo(want.min());
            assertThat(got.avgUs()).isEqualTo(want.avg());
            assertThat(got.maxUs()).isEqualTo(want.max());
            assertThat(got.durationSeconds()).isEqualTo(want.duration());
            TreeMap<Integer, Long> buckets = new TreeMap<>();
            int n = want.counts().length;
            for (int b = 0; b < n - 1; b++) {
                if (want.counts()[b] > 0) {
                    buckets.put((int) run.bias() + b + 1, want.counts()[b]);
                }
            }
            assertThat(got.histogram().rangeUs()).isEqualTo(run.bias() + n);
            assertThat(got.histogram().buckets()).isEqualTo(buckets);
            assertThat(got.histogram().overflows()).isEqualTo(want.counts()[n - 1]);
            assertThat(got.percentiles()).hasSize(5);
        }
    }

    /** A result, or the parser's own error saying where; never another exception. */
    static void resultOrItsOwnError(Runnable parse, String where) {
        Throwable thrown = catchThrowable(parse::run);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(OslatParseException.class).hasMessageStartingWith(where);
        }
    }

    record Case(String output, Run expected) {
    }

    // ---- properties --------------------------------------------------------------------------

    @Test
    void validTextOutputsParseToTheirFigures() {
        Fuzz.property("oslat text valid", 600).showing(c -> ((Case) c).output())
                .forAll(r -> {
                    Run run = run(r);
                    return new Case(text(run, r), run);
                }, c -> assertFigures(parseText(c.output()), c.expected()));
    }

    @Test
    void validJsonParsesToTheFiguresOfTheText() {
        Fuzz.property("oslat json valid", 400).showing(c -> ((Case) c).output())
                .forAll(r -> {
                    Run run = run(r);
                    return new Case(json(run), run);
                }, c -> assertFigures(parseJson(c.output(), c.expected().bias()), c.expected()));
    }

    @Test
    void mutatedTextOutputsGiveAResultOrAParseErrorNamingTheLine() {
        Fuzz.property("oslat text mutated", 3000)
                .forAll(r -> Mutate.text(r, text(run(r), r), TOKENS),
                        out -> resultOrItsOwnError(() -> parseText(out), "oslat output"));
    }

    @Test
    void mutatedJsonGivesAResultOrAParseErrorSayingWhere() {
        Fuzz.property("oslat json mutated", 2000)
                .forAll(r -> {
                    Run run = run(r);
                    return new Case(Mutate.text(r, json(run), TOKENS), run);
                }, c -> resultOrItsOwnError(() -> parseJson(c.output(), c.expected().bias()), "oslat JSON"));
    }

    @Test
    void numbersInTheInputNeverSizeTheParsersMemory() {
        List<String> shapes = List.of("        Core:\t %s", "        Core:\t 0\n    %s (us):\t 1",
                "        Core:\t 0\n    001 (us):\t %s", "Global bias set to %s (us)\n        Core:\t 0\n    %s (us):\t 1",
                "        Core:\t 0 1\n     Maximum:\t 1 %s (us)", "        Core:\t 0\n     Average:\t %s (us)");
        List<String> numbers = new ArrayList<>(Mutate.HOSTILE.subList(0, 3));
        for (int digits = 4; digits <= 19; digits++) {
            numbers.add("9".repeat(digits));
            numbers.add("1" + "0".repeat(digits - 1));
        }
        Fuzz.property("oslat huge numbers", 600).forAll(
                r -> shapes.get(r.nextInt(shapes.size())).replace("%s", numbers.get(r.nextInt(numbers.size()))),
                text -> resultOrItsOwnError(() -> parseText(text), "oslat output"));
    }
}
