package io.kvm4nfv.publish;

import io.kvm4nfv.probe.forwarding.ForwardingSla;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.LatencyPercentileUs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingReportTest {

    private static final ForwardingResult RESULT = new ForwardingResult("pvvp_tput", "pvvp", "OVS_netdev",
            "sockperf+iperf3", List.of(
            new FrameSizeResult(64, 200.0, 450.5, 3000.0, List.of(new LatencyPercentileUs(0.99, 900.0)), 1000.0,
                    0.512, 0.0, 3000L, 3000L),
            new FrameSizeResult(1518, 300.0, 700.0, 9000.0, List.of(), 990.0, 12.02, 1.0, 3000L, 2970L)),
            Instant.EPOCH, Duration.ofSeconds(20), null);

    @Test
    void latencyChartHasASeriesPerFigureADotPerFrameSizeAndTheBoundsAsRedLines() {
        String svg = ForwardingReport.latencySvg(RESULT, new ForwardingSla(1000.0, 20000.0, null, null));
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("min latency", "avg latency", "max latency",
                ">SLA avg 1000 us<", ">SLA max 20000 us<", "pvvp latency per frame size");
        assertThat(svg.split("<circle", -1)).hasSize(1 + 3 * 2);
        assertThat(svg.split("<polyline", -1)).hasSize(1 + 3);
        assertThat(svg.split("stroke-dasharray", -1)).hasSize(1 + 2);
    }

    @Test
    void aLatencyBoundFarAboveTheDataIsNamedOffScaleSoTheDataKeepsTheHeight() {
        String svg = ForwardingReport.latencySvg(RESULT, new ForwardingSla(1000.0, 100000.0, null, null));
        assertThat(svg).contains(">SLA avg 1000 us<", "SLA max 100000 us (off scale)")
                .doesNotContain(">100000<");
        assertThat(svg.split("stroke-dasharray", -1)).hasSize(1 + 1);
    }

    @Test
    void throughputChartWithoutBoundHasOneSeries() {
        String svg = ForwardingReport.throughputSvg(RESULT, ForwardingSla.none());
        assertThat(svg).contains("received Mbit/s").doesNotContain("SLA min");
        assertThat(svg.split("<polyline", -1)).hasSize(2);
    }

    @Test
    void tableAndLineShowEveryFrameSize() {
        assertThat(ForwardingReport.summaryTable(RESULT)).contains("pvvp_tput pvvp (OVS_netdev, sockperf+iperf3)")
                .containsPattern("\\n +64 +200 +451 +3000 +900 +1000 +0.512 +0.00 +3000 +3000\\n")
                .containsPattern("\\n +1518 +300 +700 +9000 +- +990 +12.0 +1.00 +3000 +2970\\n");
        assertThat(ForwardingReport.oneLine(RESULT))
                .isEqualTo("pvvp 64B avg 451/max 3000 us 0.512 Mbit/s loss 0.00 %; 1518B avg 700/max 9000 us 12.0 Mbit/s loss 1.00 %");
    }
}
