package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;
import io.kvm4nfv.result.Percentile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OslatOutputParserTest {

    private static final List<String> CMD = List.of("oslat", "-D", "5");

    private static OslatResult parse(String fixture) {
        return OslatFixture.parsed(fixture).result("Idle-Idle", CMD);
    }

    private static OslatResult parseText(String text) {
        OslatOutputParser parser = new OslatOutputParser();
        text.lines().forEach(parser);
        return parser.result("Idle-Idle", CMD);
    }

    /** Every figure of every column equals the row oslat printed for it. */
    private static void assertEqualsOslatsRows(String fixture) {
        OslatResult r = parse(fixture);
        Map<String, String[]> rows = OslatFixture.rows(fixture);
        long[] cores = OslatFixture.longs(rows, "Core");
        assertThat(r.cpus()).hasSize(cores.length);
        for (int c = 0; c < cores.length; c++) {
            OslatCpuLatency cpu = r.cpu(c);
            assertThat(cpu.index()).isEqualTo(c);
            assertThat(cpu.cpu()).isEqualTo(cores[c]);
            assertThat(cpu.counterMhz()).isEqualTo(OslatFixture.longs(rows, "Counter Freq")[c]);
            assertThat(cpu.minUs()).as("Minimum of column %d", c).isEqualTo(OslatFixture.longs(rows, "Minimum")[c]);
            assertThat(cpu.avgUs()).as("Average of column %d", c).isEqualTo(OslatFixture.doubles(rows, "Average")[c]);
            assertThat(cpu.maxUs()).as("Maximum of column %d", c).isEqualTo(OslatFixture.longs(rows, "Maximum")[c]);
            assertThat(cpu.maxUs() - cpu.minUs()).isEqualTo(OslatFixture.longs(rows, "Max-Min")[c]);
            assertThat(cpu.durationSeconds()).isEqualTo(OslatFixture.doubles(rows, "Duration")[c]);
            Map<Integer, Long> printed = OslatFixture.buckets(rows, c);
            int last = printed.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            TreeMap<Integer, Long> inRange = new TreeMap<>();
            printed.forEach((label, count) -> {
                if (label != last && count > 0) {
                    inRange.put(label, count);
                }
            });
            assertThat(cpu.histogram().rangeUs()).isEqualTo(last);
            assertThat(cpu.histogram().buckets()).as("buckets of column %d", c).isEqualTo(inRange);
            assertThat(cpu.histogram().overflows()).isEqualTo(printed.get(last));
            assertThat(cpu.samples()).isEqualTo(printed.values().stream().mapToLong(Long::longValue).sum());
            for (Percentile p : cpu.percentiles()) {
                long expected = OslatFixture.percentileByCounting(printed, p.quantile());
                assertThat(p.valueUs()).as("%s of column %d", p.label(), c)
                        .isEqualTo(expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected));
            }
            assertThat(cpu.percentiles()).extracting(Percentile::label)
                    .containsExactly("p50", "p90", "p99", "p99.9", "p99.99");
        }
    }

    @Test
    void twoCpusEqualOslatsOwnSummaryRows() {
        assertEqualsOslatsRows("two-cpus.txt");
        OslatResult r = parse("two-cpus.txt");
        assertThat(r.version()).isEqualTo("2.40");
        assertThat(r.biasUs()).isZero();
        // the figures of the run as captured, written out
        assertThat(r.cpus()).extracting(OslatCpuLatency::minUs).containsExactly(1L, 1L);
        assertThat(r.cpus()).extracting(OslatCpuLatency::avgUs).containsExactly(1.048, 1.055);
        assertThat(r.cpus()).extracting(OslatCpuLatency::maxUs).containsExactly(74103L, 377409L);
        assertThat(r.cpus()).extracting(OslatCpuLatency::samples).containsExactly(69_537_983L, 60_131_611L);
        assertThat(r.cpu(0).histogram().overflows()).isEqualTo(1699);
        assertThat(r.cpu(0).percentile(0.5).orElseThrow().valueUs()).hasValue(1);
        assertThat(r.cpu(0).percentile(0.9999).orElseThrow().valueUs()).hasValue(10);
        assertThat(r.aggregate().percentiles()).extracting(p -> p.valueUs().orElseThrow()).containsExactly(1L, 1L, 1L, 1L, 10L);
        assertThat(r.aggregate().threads()).isEqualTo(2);
        assertThat(r.aggregate().samples()).isEqualTo(69_537_983L + 60_131_611L);
        assertThat(r.aggregate().minUs()).isEqualTo(1);
        assertThat(r.aggregate().maxUs()).isEqualTo(377409);
        assertThat(r.aggregate().overflows()).isEqualTo(1699 + 2212);
        assertThat(r.aggregate().avgUs()).isCloseTo((1.048 * 69_537_983L + 1.055 * 60_131_611L)
                / (69_537_983L + 60_131_611L), within(1e-12));
    }

    @Test
    void twoCpusEqualTheJsonFileOfTheSameRun() {
        OslatResult text = parse("two-cpus.txt");
        OslatResult json = OslatJsonParser.parse(OslatFixture.text("two-cpus.json"), "Idle-Idle");
        assertThat(json.commandLine()).containsExactly("oslat", "-c", "0-1", "-C", "0", "-D", "5",
                "--json=/tmp/oslat.json");
        assertThat(json.version()).isEqualTo("2.40");
        assertThat(json.cpus()).hasSize(2);
        for (int c = 0; c < 2; c++) {
            OslatCpuLatency t = text.cpu(c);
            OslatCpuLatency j = json.cpu(c);
            assertThat(j.cpu()).isEqualTo(t.cpu());
            assertThat(j.counterMhz()).isEqualTo(t.counterMhz());
            assertThat(j.minUs()).isEqualTo(t.minUs());
            assertThat(j.maxUs()).isEqualTo(t.maxUs());
            assertThat(j.durationSeconds()).isEqualTo(t.durationSeconds());
            assertThat(j.histogram()).isEqualTo(t.histogram());
            assertThat(j.samples()).isEqualTo(t.samples());
            assertThat(j.percentiles()).isEqualTo(t.percentiles());
            // the file has six decimals where the table has three
            assertThat(Math.round(j.avgUs() * 1000) / 1000.0).isEqualTo(t.avgUs());
        }
        assertThat(json.cpu(0).avgUs()).isEqualTo(1.047939);
        assertThat(json.cpu(1).avgUs()).isEqualTo(1.055336);
        assertThat(json.aggregate().percentiles()).isEqualTo(text.aggregate().percentiles());
    }

    @Test
    void memmoveRunWithOneCpuEqualsOslatsRows() {
        assertEqualsOslatsRows("memmove.txt");
        OslatResult r = parse("memmove.txt");
        assertThat(r.cpus()).singleElement().satisfies(c -> {
            assertThat(c.cpu()).isEqualTo(1);
            assertThat(c.maxUs()).isEqualTo(43933);
            assertThat(c.avgUs()).isEqualTo(1.026);
        });
    }

    @Test
    void biasShiftsTheLabelsAndOmittedRowsAreZeros() {
        assertEqualsOslatsRows("bias-zero-omit.txt");
        OslatResult r = parse("bias-zero-omit.txt");
        assertThat(r.biasUs()).isEqualTo(1);
        LatencyHistogram h = r.cpu(0).histogram();
        assertThat(h.rangeUs()).isEqualTo(65); // bias 1 + 64 buckets
        assertThat(h.buckets().firstKey()).isEqualTo(2);
        assertThat(h.buckets()).doesNotContainKeys(5, 7, 8, 9, 52);
        assertThat(h.overflows()).isEqualTo(229);
        assertThat(r.cpu(1).histogram().overflows()).isEqualTo(291);
        // the first bucket (2 us) also holds the samples of 1 us: oslat's Minimum is below it
        assertThat(r.cpu(0).minUs()).isEqualTo(1);
        assertThat(r.cpu(0).percentile(0.5).orElseThrow().valueUs()).hasValue(2);
    }

    @Test
    void biasRunJsonEqualsTheTextWhenGivenTheBias() {
        OslatResult text = parse("bias-zero-omit.txt");
        String file = OslatFixture.text("bias-zero-omit.json");
        OslatResult json = OslatJsonParser.parse(file, "Idle-Idle", OptionalLong.of(1));
        for (int c = 0; c < 2; c++) {
            assertThat(json.cpu(c).histogram()).isEqualTo(text.cpu(c).histogram());
            assertThat(json.cpu(c).maxUs()).isEqualTo(text.cpu(c).maxUs());
        }
        assertThatThrownBy(() -> OslatJsonParser.parse(file, "Idle-Idle"))
                .isInstanceOf(OslatParseException.class).hasMessageContaining("-B run")
                .hasMessageContaining("Global bias set to");
    }

    @Test
    void percentilesInTheLastBucketAreAboveTheRangeNotItsLabel() {
        String table = """
                        Core:\t 3
                Counter Freq:\t 2096 (Mhz)
                    001 (us):\t 40
                    002 (us):\t 5
                    003 (us):\t 0
                    004 (us):\t 0
                    005 (us):\t 55 (including overflows)
                     Minimum:\t 1 (us)
                     Average:\t 912.250 (us)
                     Maximum:\t 90000 (us)
                     Max-Min:\t 89999 (us)
                    Duration:\t 1.000 (sec)
                """;
        OslatCpuLatency cpu = parseText(table).cpu(0);
        assertThat(cpu.samples()).isEqualTo(100);
        assertThat(cpu.histogram().rangeUs()).isEqualTo(5);
        assertThat(cpu.percentile(0.5).orElseThrow().aboveHistogramRange()).isTrue();
        assertThat(cpu.percentile(0.5).orElseThrow().histogramRangeUs()).isEqualTo(5);
        assertThat(cpu.percentile(0.5).orElseThrow().valueUs()).isEmpty();
        assertThat(parseText(table.replace("002 (us):\t 5", "002 (us):\t 15").replace("005 (us):\t 55", "005 (us):\t 45"))
                .cpu(0).percentile(0.5).orElseThrow().valueUs()).hasValue(2);
    }

    // ---- refused input ----------------------------------------------------------------------

    private static String twoCpus() {
        return OslatFixture.text("two-cpus.txt");
    }

    private static void refused(String text, long line, int column, String... message) {
        assertThatThrownBy(() -> parseText(text)).isInstanceOfSatisfying(OslatParseException.class, e -> {
            assertThat(e.line()).as("line of %s", e.getMessage()).isEqualTo(line);
            assertThat(e.column()).as("column of %s", e.getMessage()).isEqualTo(column);
            assertThat(e.getMessage()).startsWith("oslat output").contains(message);
        });
    }

    @Test
    void aNumberBeyondALongNamesItsLineAndColumn() {
        refused(twoCpus().replace("    003 (us):\t 28 26", "    003 (us):\t 28 99999999999999999999999"), 18, 19,
                "line 18 column 19", "larger than 1000000000000000");
        refused(twoCpus().replace("     Maximum:\t 74103", "     Maximum:\t 9223372036854775808"), 50, 16,
                "line 50 column 16");
    }

    @Test
    void valuesThatAreNotNumbersAreRefusedWhereTheyStand() {
        refused(twoCpus().replace("Average:\t 1.048", "Average:\t -nan"), 49, 16, "'-nan' is not a number");
        refused(twoCpus().replace("    010 (us):\t 393", "    010 (us):\t 3x3"), 25, 16, "'3x3' is not a whole number");
    }

    @Test
    void rowsMustHaveTheColumnsOfTheCoreRow() {
        refused(twoCpus().replace("    004 (us):\t 672 533", "    004 (us):\t 672 533 7"), 19, 24,
                "more values than the 2 CPUs");
        refused(twoCpus().replace("     Minimum:\t 1 1 (us)", "     Minimum:\t 1 (us)"), 48, 0,
                "'Minimum:' has 1 values, the 'Core:' row 2 CPUs");
    }

    @Test
    void bucketRowsMustComeInOrderWithoutGapsUnlessOmitted() {
        refused(twoCpus().replace("    005 (us):\t 50 52\n", ""), 20, 5, "bucket 6 us where bucket 5 us was due");
        refused(twoCpus().replace("    005 (us):\t 50 52\n", "    005 (us):\t 50 52\n    005 (us):\t 50 52\n"), 21, 5,
                "bucket 5 us where bucket 6 us was due");
        refused(twoCpus().replace("    005 (us):\t 50 52\n", "    ...\n    005 (us):\t 50 52\n"), 21, 5,
                "bucket 5 us where a bucket above 5 us was due");
        // oslat -z prints '...' for the rows of zeros it leaves out
        OslatResult omitted = parseText(twoCpus().replace("    005 (us):\t 50 52\n", "    ...\n"));
        assertThat(omitted.cpu(0).histogram().buckets()).doesNotContainKey(5).containsEntry(6, 26L);
        OslatResult firstOmitted = parseText(twoCpus().replace("    001 (us):\t 69530087 60124833\n", "    ...\n"));
        assertThat(firstOmitted.cpu(0).histogram().buckets().firstKey()).isEqualTo(2);
        assertThat(firstOmitted.cpu(0).samples()).isEqualTo(69_537_983L - 69_530_087L);
    }

    @Test
    void aSecondTableOrRowAndACutShortRowAreRefused() {
        refused(twoCpus() + "        Core:\t 0 1\n", 54, 0, "a second 'Core:' row");
        refused(twoCpus().replace("     Maximum:\t 74103 377409 (us)\n",
                "     Maximum:\t 74103 377409 (us)\n     Maximum:\t 74103 377409 (us)\n"), 51, 0, "a second 'Maximum:' row");
        refused(twoCpus().replace("     Maximum:\t 74103 377409 (us)", "     Maximum:\t 74103 3774"), 50, 0,
                "does not end with its unit (us)");
        refused(twoCpus().replace("     Minimum:\t 1 1 (us)\n", ""), 0, 0, "no 'Minimum:' row");
    }

    @Test
    void figuresThatContradictEachOtherAreRefused() {
        refused(twoCpus().replace("Max-Min:\t 74102", "Max-Min:\t 74101"), 51, 0,
                "CPU 0: 'Max-Min' 74101 is not 'Maximum' 74103 - 'Minimum' 1");
        refused(twoCpus().replace("Maximum:\t 74103", "Maximum:\t 31").replace("Max-Min:\t 74102", "Max-Min:\t 30"),
                50, 0, "CPU 0: 'Maximum' 31 us is below the histogram's highest sample of 32 us");
    }

    @Test
    void outputWithoutTableSaysSo() {
        refused(OslatFixture.text("trace-threshold.txt"), 0, 0, "has no result table", "11 lines consumed");
        refused(twoCpus().lines().limit(44).reduce("", (a, b) -> a + b + "\n"), 0, 0, "no last bucket row");
    }

    @Test
    void moreCpusOrBucketsThanOslatCanHaveAreRefusedWithoutSizingMemory() {
        StringBuilder cores = new StringBuilder("        Core:\t");
        for (int c = 0; c <= OslatLimits.MAX_CPUS; c++) {
            cores.append(' ').append(c);
        }
        refused(cores.toString(), 1, cores.lastIndexOf(" ") + 2, "more than 4096 CPUs");
        StringBuilder buckets = new StringBuilder("        Core:\t 0\n");
        for (int b = 1; b <= OslatLimits.MAX_BUCKETS + 1; b++) {
            buckets.append(String.format("    %03d (us):\t 1%n", b));
        }
        refused(buckets.toString(), 1026, 5, "bucket 1025 us is beyond the 1024 buckets");
        refused("Global bias set to 99999999 (us)\n", 1, 20, "beyond 1000000 us");
        refused("        Core:\t 0\n    000.250 (us):\t 1\n", 2, 1, "oslat -W");
    }
}
