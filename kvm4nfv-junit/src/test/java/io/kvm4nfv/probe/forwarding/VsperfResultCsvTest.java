package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.FrameSizeResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VsperfResultCsvTest {

    @Test
    void pvpThroughputAllFrameSizes() {
        List<VsperfResultCsv.Row> rows = VsperfResultCsv.parse(VsperfFixtures.read("result_pvp_tput_pvp.csv"), "f.csv");
        assertThat(rows).hasSize(5).allMatch(r -> "pvp".equals(r.deployment()));
        FrameSizeResult f64 = rows.get(0).figures();
        assertThat(f64.frameSizeBytes()).isEqualTo(64);
        assertThat(f64.minLatencyUs()).isCloseTo(9.85, within(1e-9));
        assertThat(f64.avgLatencyUs()).isCloseTo(16.13, within(1e-9));
        assertThat(f64.maxLatencyUs()).isCloseTo(71.49, within(1e-9));
        assertThat(f64.throughputRxFps()).isEqualTo(3542153.2);
        assertThat(f64.throughputRxMbps()).isEqualTo(1813.582);
        assertThat(f64.frameLossPercent()).isZero();
        assertThat(f64.framesSent()).isNull();
        assertThat(f64.latencyPercentiles()).isEmpty();
        assertThat(rows).extracting(r -> r.figures().frameSizeBytes()).containsExactly(64, 128, 512, 1024, 1518);
    }

    @Test
    void unknownAndEmptyLatencyAreNotReportedNotZero() {
        List<VsperfResultCsv.Row> rows = VsperfResultCsv.parse(
                VsperfFixtures.read("result_phy2phy_tput_p2p-no-latency.csv"), "f.csv");
        assertThat(rows).hasSize(2);
        for (VsperfResultCsv.Row r : rows) {
            assertThat(r.figures().minLatencyUs()).isNull();
            assertThat(r.figures().avgLatencyUs()).isNull();
            assertThat(r.figures().maxLatencyUs()).isNull();
            assertThat(r.figures().throughputRxFps()).isPositive();
        }
    }

    @Test
    void olderColumnsQuotedCellsAndLossFromFrameCounts() {
        List<VsperfResultCsv.Row> rows = VsperfResultCsv.parse(
                VsperfFixtures.read("result_pvp_cont_pvp-old-columns.csv"), "f.csv");
        FrameSizeResult f = rows.get(0).figures();
        assertThat(f.framesSent()).isEqualTo(3_000_000L);
        assertThat(f.framesReceived()).isEqualTo(2_970_000L);
        assertThat(f.frameLossPercent()).isCloseTo(1.0, within(1e-9));
        assertThat(f.avgLatencyUs()).isEqualTo(45.0);
    }

    @Test
    void zeroReceivedParsesButIsNotAResult() {
        List<VsperfResultCsv.Row> rows = VsperfResultCsv.parse(
                VsperfFixtures.read("result_pvvp_tput_pvvp-zero-rx.csv"), "zero.csv");
        assertThat(rows.get(1).figures().receivedAnyFrame()).isFalse();
        assertThatThrownBy(() -> ResultCompleteness.require(List.of(64, 1518),
                rows.stream().map(VsperfResultCsv.Row::figures).toList(), "zero.csv"))
                .isInstanceOf(ForwardingFailedException.class)
                .hasMessageContaining("frame size 1518").hasMessageContaining("zero frames received");
    }

    @Test
    void failures() {
        assertThatThrownBy(() -> VsperfResultCsv.parse(VsperfFixtures.read("result_pvp_tput_pvp-failed.csv"), "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("FAILED");
        assertThatThrownBy(() -> VsperfResultCsv.parse(VsperfFixtures.read("result_pvp_tput_pvp-header-only.csv"), "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no result row");
        assertThatThrownBy(() -> VsperfResultCsv.parse(VsperfFixtures.read("result_pvp_tput_pvp-not-a-number.csv"), "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("throughput_rx_fps")
                .hasMessageContaining("'fast'");
        assertThatThrownBy(() -> VsperfResultCsv.parse("", "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> VsperfResultCsv.parse("id,deployment\r\npvp_tput,pvp\r\n", "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no packet_size column");
        assertThatThrownBy(() -> VsperfResultCsv.parse("packet_size,id\n64,\"pvp", "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("quoted cell");
        assertThatThrownBy(() -> VsperfResultCsv.parse("packet_size,throughput_rx_fps\n64.5,1\n", "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> VsperfResultCsv.parse("packet_size,frame_loss_percent\n64,120\n", "x.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("frameLossPercent");
    }

    @Test
    void missingFrameSizeIsAFailure() {
        List<FrameSizeResult> figures = VsperfResultCsv.parse(VsperfFixtures.read("result_pvp_tput_pvp.csv"), "f.csv")
                .stream().map(VsperfResultCsv.Row::figures).toList();
        assertThat(ResultCompleteness.require(List.of(1518, 64), figures, "f.csv"))
                .extracting(FrameSizeResult::frameSizeBytes).containsExactly(1518, 64);
        assertThatThrownBy(() -> ResultCompleteness.require(List.of(64, 256), figures, "f.csv"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no result for frame size 256");
    }

    @Test
    void errorsNameTheLineEvenAfterBlankLinesAndQuotedLineBreaks() {
        assertThatThrownBy(() -> VsperfResultCsv.parse("id,packet_size,min_latency_ns\n\"a\nb\",64,1\n\n\"c\",128,fast\n",
                "x.csv")).isInstanceOf(ForwardingFailedException.class)
                .hasMessage("VSPERF result x.csv line 5: column min_latency_ns is not a number: 'fast'");
        assertThatThrownBy(() -> VsperfResultCsv.parse("packet_size,id\n64,a\n128,\"b", "x.csv"))
                .hasMessage("VSPERF result x.csv line 3: the quoted cell that opens here never ends (truncated file?)");
        assertThatThrownBy(() -> VsperfResultCsv.parse("packet_size\n64\nFAILED " + "x".repeat(5000), "x.csv"))
                .hasMessageStartingWith("VSPERF result x.csv line 3: VSPERF marked the test FAILED: FAILED xxx")
                .hasMessageEndingWith("(5007 chars)");
    }
}
