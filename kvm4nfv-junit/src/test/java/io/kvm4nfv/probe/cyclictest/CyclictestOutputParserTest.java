package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parser behaviour on synthetic input: edge cases the captured outputs do not show. */
class CyclictestOutputParserTest {

    private static CyclictestOutputParser feed(String... lines) {
        CyclictestOutputParser p = new CyclictestOutputParser();
        for (String l : lines) {
            p.accept(l);
        }
        return p;
    }

    @Test
    void emptyOutputIsAnError() {
        CyclictestOutputParser p = feed("# /dev/cpu_dma_latency set to 0us", "", "garbage");
        assertThatThrownBy(() -> p.result("Idle-Idle", List.of(), 0))
                .isInstanceOf(CyclictestParseException.class).hasMessageContaining("3 lines");
        assertThat(p.currentMaxUs()).isEmpty();
    }

    @Test
    void totalThatDoesNotMatchTheRowsIsAnError() {
        CyclictestOutputParser p = feed("# Histogram", "000000 000001", "000001 000002",
                "# Total: 000000004", "# Min Latencies: 00000", "# Avg Latencies: 00000",
                "# Max Latencies: 00001", "# Histogram Overflows: 00000");
        assertThatThrownBy(() -> p.result("Idle-Idle", List.of(), 0))
                .hasMessageContaining("'# Total' says 4 but the histogram rows add up to 3");
    }

    @Test
    void histogramWithoutItsSummaryIsNotUsed() {
        // a run killed before cyclictest printed "# Histogram Overflows" leaves incomplete data:
        // the T: line stands
        CyclictestOutputParser p = feed("000000 000001", "000001 000002",
                "T: 0 ( 99) P:99 I:1000 C:      3 Min:      0 Act:    1 Avg:    0 Max:       1");
        CyclictestResult r = p.result("Idle-Idle", List.of(), 0);
        assertThat(r.thread(0).histogram()).isNull();
        assertThat(r.thread(0).samples()).isEqualTo(3);
    }

    @Test
    void overflowCycleListWithOthersIsNotMistakenForFigures() {
        CyclictestOutputParser p = feed("000000 000002", "000001 000000",
                "# Total: 000000002", "# Min Latencies: 00000", "# Avg Latencies: 00003",
                "# Max Latencies: 00020", "# Histogram Overflows: 00003",
                "# Histogram Overflow at cycle number:", "# Thread 0: 00001 00003 # 00001 others");
        CyclictestResult r = p.result("Idle-Idle", List.of("cyclictest"), 2);
        assertThat(r.threads()).hasSize(1);
        assertThat(r.thread(0).samples()).isEqualTo(5);
        assertThat(r.thread(0).overflows()).isEqualTo(3);
        assertThat(r.thread(0).percentile(0.5).orElseThrow().aboveHistogramRange()).isTrue();
        assertThat(r.thread(0).percentile(0.5).orElseThrow().toString()).isEqualTo("p50=> 2us (histogram range)");
    }

    @Test
    void breakThreadWithoutKnownTidMapsToMinusOne() {
        CyclictestOutputParser p = feed("T: 0 ( 0) P:99 I:1000 C: 5 Min: 1 Act: 2 Avg: 2 Max: 3",
                "# Break thread: 4242", "# Break value: 77");
        CyclictestResult r = p.result("Idle-Idle", List.of(), 0);
        assertThat(r.breaktrace().thread()).isEqualTo(-1);
        assertThat(r.breaktrace().valueUs()).isEqualTo(77);
        assertThat(p.currentMaxUs()).hasValue(77);
    }

    @Test
    void resultForOptionsUsesTheirCommandLineAndRange() {
        CyclictestOptions o = CyclictestOptions.defaults().withLoops(3).withHistogramUs(4);
        CyclictestOutputParser p = feed("000000 000000", "000001 000003", "# Total: 000000003",
                "# Min Latencies: 00001", "# Avg Latencies: 00001", "# Max Latencies: 00001",
                "# Histogram Overflows: 00000");
        CyclictestResult r = p.result("Idle-Idle", o);
        assertThat(r.commandLine()).isEqualTo(o.commandLine());
        assertThat(r.thread(0).histogram().rangeUs()).isEqualTo(4);
        assertThat(r.thread(0).percentiles()).allSatisfy(x -> assertThat(x.valueUs()).hasValue(1));
    }

    @Test
    void verboseLinesTrackTheLiveMax() {
        CyclictestOutputParser p = feed("       0:       0:      48", "       1:       0:     130",
                "       0:       1:      55");
        assertThat(p.currentMaxUs()).hasValue(130);
        CyclictestResult r = p.result("Idle-Idle", List.of(), 0);
        assertThat(r.thread(1).samples()).isEqualTo(1);
        assertThat(r.thread(0).avgUs()).isEqualTo(51.5);
    }

    /** A refused line: result() throws the parser's own error naming it; accept() never threw. */
    private static CyclictestParseException refused(String... lines) {
        CyclictestOutputParser p = feed(lines);
        return catchThrowableOfType(CyclictestParseException.class, () -> p.result("Idle-Idle", List.of(), 0));
    }

    @Test
    void aThreadIndexOrBucketFromTheInputNeverSizesMemory() {
        // found by CyclictestFuzzTest: these used to allocate an accumulator per index (hang, OOM)
        // or wrap to a negative index (ArrayIndexOutOfBoundsException)
        assertThat(refused("T: 0 ( 1) P:0 I:1 C: 5 Min: 1 Act: 1 Avg: 1 Max: 1", "100000000:1:1"))
                .hasMessage("cyclictest output line 2: thread 100000000 is beyond the 4096 threads a run may have")
                .returns(2L, CyclictestParseException::line);
        assertThat(refused("4096:0:5")).hasMessageContaining("line 1: thread 4096");
        assertThat(refused("T: 5000 ( 1) P:0 I:1 C: 5 Min: 1 Act: 1 Avg: 1 Max: 1")).hasMessageContaining("thread 5000");
        assertThat(refused("# Total: " + "1 ".repeat(4097))).hasMessageContaining("thread 4096");
        assertThat(refused("1000000000000000007 000001")).hasMessageContaining("line 1: number 1000000000000000007");
        assertThat(refused("000000 1", "100000000 1")).hasMessage("cyclictest output line 2: histogram row for bucket"
                + " 100000000 where bucket 1 was due (cyclictest prints every bucket in order)");
    }

    @Test
    void malformedHistogramRowsAndHugeNumbersAreParseErrors() {
        assertThat(refused("000000 000001\t000002", "000001 000003")).hasMessageContaining(
                "line 2: histogram row 1 has 1 count columns, the first row had 2");
        assertThat(refused("000000")).hasMessageContaining("line 1: histogram row 000000 has no count column");
        assertThat(refused("T: 0 ( 1) P:0 I:1 C: 99999999999999999999 Min: 1 Act: 1 Avg: 1 Max: 1"))
                .hasMessageContaining("line 1: number 99999999999999999999 is larger than 1000000000000000");
        assertThat(refused("", "T: 0 ( 1) P:0 I:1 C: 5 Min: 9 Act: 1 Avg: 1 Max: 1")).hasMessageContaining(
                "cyclictest output line 2: thread 0: inconsistent min/avg/max");
        // not a T: line (it used to be one, then Double.parseDouble threw NumberFormatException): ignored
        assertThat(refused("T: 0 ( 1) P:0 I:1 C: 5 Min: 1 Act: 1 Avg: 1.2.3 Max: 1")).hasMessageContaining("has no figures");
    }

    @Test
    void linesAfterARefusedOneAreCountedNotParsed() {
        CyclictestOutputParser p = feed("999999999:0:1", "T: 0 ( 1) P:0 I:1 C: 5 Min: 1 Act: 1 Avg: 1 Max: 1");
        assertThat(p.linesSeen()).isEqualTo(2);
        assertThatThrownBy(() -> p.result("Idle-Idle", List.of(), 0)).isInstanceOf(CyclictestParseException.class)
                .hasMessageStartingWith("cyclictest output line 1:");
    }
}
