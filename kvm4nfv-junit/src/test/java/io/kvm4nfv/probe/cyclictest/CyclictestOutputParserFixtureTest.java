package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.Percentile;
import io.kvm4nfv.result.ThreadLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The streaming parser against real cyclictest outputs captured on this kind of machine. */
class CyclictestOutputParserFixtureTest {

    private static final List<String> CMD = List.of("cyclictest", "-q");

    /** Every histogram figure of every thread, compared with independently computed values. */
    @ParameterizedTest
    @ValueSource(strings = {"hist-2threads.txt", "hist-overflow.txt", "json-run.txt"})
    void histogramOutputEveryFigure(String file) {
        long[][] counts = Fixture.histogram(file);
        long[] total = Fixture.hashLine(file, "Total");
        long[] min = Fixture.hashLine(file, "Min Latencies");
        long[] avg = Fixture.hashLine(file, "Avg Latencies");
        long[] max = Fixture.hashLine(file, "Max Latencies");
        long[] overflows = Fixture.hashLine(file, "Histogram Overflows");

        CyclictestResult r = Fixture.parsed(file).result("Idle-Idle", CMD, 0);

        assertThat(r.threads()).hasSize(counts.length);
        for (int t = 0; t < counts.length; t++) {
            ThreadLatency th = r.thread(t);
            LatencyHistogram h = th.histogram();
            assertThat(Arrays.stream(counts[t]).sum()).as("column sum = # Total").isEqualTo(total[t]);
            assertThat(h.rangeUs()).isEqualTo(counts[t].length);
            for (int b = 0; b < counts[t].length; b++) {
                assertThat(h.buckets().getOrDefault(b, 0L)).as("thread %d bucket %d", t, b).isEqualTo(counts[t][b]);
            }
            assertThat(h.inRangeCount()).isEqualTo(total[t]);
            assertThat(h.overflows()).isEqualTo(overflows[t]);
            assertThat(th.overflows()).isEqualTo(overflows[t]);
            assertThat(th.samples()).isEqualTo(total[t] + overflows[t]);
            assertThat(th.minUs()).isEqualTo(min[t]);
            assertThat(th.avgUs()).isEqualTo((double) avg[t]);
            assertThat(th.maxUs()).isEqualTo(max[t]);
            assertThat(th.percentiles()).hasSize(5);
            for (Percentile p : th.percentiles()) {
                long expected = Fixture.percentileBySorting(counts[t], overflows[t], p.quantile());
                if (expected < 0) {
                    assertThat(p.aboveHistogramRange()).as("%s thread %d %s", file, t, p.label()).isTrue();
                    assertThat(p.valueUs()).isEmpty();
                } else {
                    assertThat(p.valueUs()).as("%s thread %d %s", file, t, p.label()).hasValue(expected);
                }
            }
        }
        long samples = r.threads().stream().mapToLong(ThreadLatency::samples).sum();
        assertThat(r.aggregate().samples()).isEqualTo(samples);
        assertThat(r.aggregate().minUs()).isEqualTo(Arrays.stream(min).min().orElseThrow());
        assertThat(r.aggregate().maxUs()).isEqualTo(Arrays.stream(max).max().orElseThrow());
        double weighted = 0;
        for (int t = 0; t < counts.length; t++) {
            weighted += avg[t] * (double) (total[t] + overflows[t]);
        }
        assertThat(r.aggregate().avgUs()).isCloseTo(weighted / samples, within(1e-9));
        assertThat(r.aggregate().overflows()).isEqualTo(Arrays.stream(overflows).sum());
        assertThat(r.breaktrace()).isNull();
    }

    /** Hand-checked constants of hist-2threads.txt (-l 2000 -h 200). */
    @Test
    void twoThreadsHandChecked() {
        CyclictestResult r = Fixture.parsed("hist-2threads.txt").result("Idle-Idle", CMD, 200);
        assertThat(r.thread(0).samples()).isEqualTo(2000);
        assertThat(r.thread(1).samples()).isEqualTo(2000);
        assertThat(r.thread(0).histogram().inRangeCount()).isEqualTo(1963);
        assertThat(r.thread(1).histogram().inRangeCount()).isEqualTo(1974);
        assertThat(r.thread(0).overflows()).isEqualTo(37);
        assertThat(r.thread(1).overflows()).isEqualTo(26);
        assertThat(r.thread(0).minUs()).isEqualTo(33);
        assertThat(r.thread(1).minUs()).isEqualTo(22);
        assertThat(r.thread(0).avgUs()).isEqualTo(91.0);
        assertThat(r.thread(1).avgUs()).isEqualTo(74.0);
        assertThat(r.thread(0).maxUs()).isEqualTo(3165);
        assertThat(r.thread(1).maxUs()).isEqualTo(4127);
        assertThat(r.thread(1).histogram().buckets()).containsEntry(198, 1L);
        assertThat(r.aggregate().minUs()).isEqualTo(22);
        assertThat(r.aggregate().maxUs()).isEqualTo(4127);
        assertThat(r.aggregate().avgUs()).isEqualTo(82.5);
        assertThat(r.aggregate().samples()).isEqualTo(4000);
        assertThat(r.aggregate().threads()).isEqualTo(2);
        // 63 of 4000 samples overflow (3937 inside): p90 (rank 3600) is inside, p99 (rank 3960) is not
        assertThat(r.aggregate().percentiles().get(1).valueUs()).isPresent();
        assertThat(r.aggregate().percentiles().get(2).aboveHistogramRange()).isTrue();
        // p99 of thread 0: rank 1980 <= 1963? no: above the range; p90 (rank 1800) inside
        assertThat(r.thread(0).percentile(0.99).orElseThrow().aboveHistogramRange()).isTrue();
        assertThat(r.thread(0).percentile(0.9).orElseThrow().valueUs()).isPresent();
    }

    /** Under stress thread 0 is mostly above -h 60: even its median is "> histogram range". */
    @Test
    void overflowingThreadReportsPercentilesAboveRange() {
        CyclictestResult r = Fixture.parsed("hist-overflow.txt").result("CPU_stress-Idle", CMD, 60);
        ThreadLatency t0 = r.thread(0);
        assertThat(t0.overflows()).isEqualTo(1632);
        assertThat(t0.histogram().inRangeCount()).isEqualTo(368);
        assertThat(t0.samples()).isEqualTo(2000);
        assertThat(t0.percentiles()).allSatisfy(p -> assertThat(p.aboveHistogramRange()).isTrue());
        assertThat(t0.percentile(0.5).orElseThrow().toString()).isEqualTo("p50=> 60us (histogram range)");
        ThreadLatency t1 = r.thread(1);
        assertThat(t1.overflows()).isEqualTo(29);
        assertThat(t1.maxUs()).isEqualTo(123);
        assertThat(t1.percentile(0.5).orElseThrow().valueUs()).isPresent();
    }

    @Test
    void summaryLinesWithoutQuietAreReadThroughTheEscapeSequences() {
        String file = "no-quiet.txt";
        assertThat(Fixture.text(file)).contains("\u001B[4A");
        List<long[]> expected = Fixture.lastSummaries(file);
        CyclictestOutputParser parser = Fixture.parsed(file);
        CyclictestResult r = parser.result("Idle-Idle", CMD, 0);
        assertThat(r.threads()).hasSize(2);
        for (int t = 0; t < 2; t++) {
            long[] e = expected.get(t);
            assertThat(r.thread(t).samples()).isEqualTo(e[0]);
            assertThat(r.thread(t).minUs()).isEqualTo(e[1]);
            assertThat(r.thread(t).avgUs()).isEqualTo((double) e[2]);
            assertThat(r.thread(t).maxUs()).isEqualTo(e[3]);
            assertThat(r.thread(t).histogram()).isNull();
            assertThat(r.thread(t).percentiles()).isEmpty();
        }
        // hand-checked from the last two T: lines of the file
        assertThat(expected.get(0)).containsExactly(1500, 15, 73, 5844);
        assertThat(expected.get(1)).containsExactly(1006, 44, 85, 2521);
        assertThat(parser.currentMaxUs()).hasValue(5844);
        assertThat(parser.linesSeen()).isEqualTo(Fixture.lines(file).size());
        assertThat(r.aggregate().avgUs()).isCloseTo((73.0 * 1500 + 85.0 * 1006) / 2506, within(1e-9));
    }

    @Test
    void quietSummary() {
        CyclictestResult r = Fixture.parsed("quiet-summary.txt").result("Idle-Idle", CMD, 0);
        assertThat(r.threads()).extracting(ThreadLatency::samples).containsExactly(200L, 148L);
        assertThat(r.threads()).extracting(ThreadLatency::minUs).containsExactly(34L, 42L);
        assertThat(r.threads()).extracting(ThreadLatency::avgUs).containsExactly(53.0, 57.0);
        assertThat(r.threads()).extracting(ThreadLatency::maxUs).containsExactly(775L, 1216L);
    }

    @Test
    void breaktraceHitIsRecordedAndMappedToItsThread() {
        CyclictestResult r = Fixture.parsed("breaktrace.txt").result("CPU_stress-Idle", CMD, 0);
        assertThat(r.breaktrace()).isNotNull();
        assertThat(r.breaktrace().tid()).isEqualTo(1863);
        assertThat(r.breaktrace().thread()).isEqualTo(1);
        assertThat(r.breaktrace().valueUs()).isEqualTo(98);
        // thread 0 had not taken a sample yet (C: 0, Min:1000000)
        assertThat(r.thread(0).hasSamples()).isFalse();
        assertThat(r.thread(0).samples()).isZero();
        assertThat(r.thread(0).maxUs()).isZero();
        assertThat(r.thread(1).samples()).isEqualTo(1);
        assertThat(r.thread(1).minUs()).isEqualTo(98);
        assertThat(r.thread(1).maxUs()).isEqualTo(98);
        assertThat(r.aggregate().threads()).isEqualTo(1);
        assertThat(r.aggregate().samples()).isEqualTo(1);
        assertThat(r.aggregate().minUs()).isEqualTo(98);
    }

    @Test
    void verboseSamples() {
        String file = "verbose.txt";
        long[][] byThread = new long[2][];
        for (int t = 0; t < 2; t++) {
            final int thread = t;
            byThread[t] = Fixture.lines(file).stream().map(String::trim)
                    .filter(l -> l.matches("\\d+:\\s*\\d+:\\s*\\d+"))
                    .map(l -> l.split(":\\s*"))
                    .filter(f -> Integer.parseInt(f[0]) == thread)
                    .mapToLong(f -> Long.parseLong(f[2])).toArray();
        }
        CyclictestResult r = Fixture.parsed(file).result("Idle-Idle", CMD, 0);
        assertThat(r.threads()).hasSize(2);
        for (int t = 0; t < 2; t++) {
            long[] s = byThread[t];
            assertThat(s).hasSize(5);
            assertThat(r.thread(t).samples()).isEqualTo(s.length);
            assertThat(r.thread(t).minUs()).isEqualTo(Arrays.stream(s).min().orElseThrow());
            assertThat(r.thread(t).maxUs()).isEqualTo(Arrays.stream(s).max().orElseThrow());
            assertThat(r.thread(t).avgUs()).isCloseTo(Arrays.stream(s).average().orElseThrow(), within(1e-9));
        }
        // hand-checked: thread 1 samples 54 46 45 54 47
        assertThat(r.thread(1).avgUs()).isCloseTo(49.2, within(1e-9));
        assertThat(r.thread(1).minUs()).isEqualTo(45);
        assertThat(r.thread(1).maxUs()).isEqualTo(54);
    }
}
