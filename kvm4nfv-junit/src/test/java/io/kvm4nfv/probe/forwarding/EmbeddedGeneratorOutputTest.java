package io.kvm4nfv.probe.forwarding;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sockperf and iperf3 outputs captured on this kind of machine (sockperf 3.7, iperf 3.12). */
class EmbeddedGeneratorOutputTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = EmbeddedGeneratorOutputTest.class.getResourceAsStream("/forwarding/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sockperfPingPongSummary() throws IOException {
        SockperfOutput out = SockperfOutput.parse(List.of(fixture("sockperf-ping-pong.txt").split("\n")));
        assertThat(out.sentMessages()).isPositive();
        assertThat(out.receivedMessages()).isPositive().isLessThanOrEqualTo(out.sentMessages());
        assertThat(out.runTimeSec()).isBetween(0.1, 2.0);
        assertThat(out.minUs()).isPositive().isLessThanOrEqualTo(out.avgUs());
        assertThat(out.maxUs()).isGreaterThanOrEqualTo(out.avgUs());
        assertThat(out.percentiles()).extracting(p -> p.label())
                .containsExactly("p25", "p50", "p75", "p90", "p99", "p99.9", "p99.99", "p99.999");
        assertThat(out.percentiles().get(out.percentiles().size() - 1).valueUs()).isEqualTo(out.maxUs());
    }

    @Test
    void sockperfSyntheticFigures() {
        SockperfOutput out = SockperfOutput.parse(List.of(
                "sockperf: [Valid Duration] RunTime=0.549 sec; SentMessages=725; ReceivedMessages=724",
                "sockperf: \u001B[2;35m====> avg-latency=378.331 (std-dev=599.337)\u001B[0m",
                "sockperf: ---> <MAX> observation = 4401.090",
                "sockperf: ---> percentile 99.000 = 2847.953",
                "sockperf: ---> percentile 50.000 =  155.193",
                "sockperf: ---> <MIN> observation =   55.775"));
        assertThat(out.avgUs()).isEqualTo(378.331);
        assertThat(out.minUs()).isEqualTo(55.775);
        assertThat(out.maxUs()).isEqualTo(4401.090);
        assertThat(out.receivedMessages()).isEqualTo(724);
        assertThat(out.percentiles()).extracting(p -> p.quantile()).containsExactly(0.5, 0.99);
    }

    @Test
    void sockperfWithoutServerOrSummaryFails() throws IOException {
        assertThatThrownBy(() -> SockperfOutput.parse(List.of(fixture("sockperf-no-server.txt").split("\n"))))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no reply came back");
        assertThatThrownBy(() -> SockperfOutput.parse(List.of("sockperf: Test ended")))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no latency summary");
        assertThatThrownBy(() -> SockperfOutput.parse(List.of(
                "sockperf: [Valid Duration] RunTime=0.5 sec; SentMessages=10; ReceivedMessages=0",
                "sockperf: ====> avg-latency=1.0 (std-dev=0)", "sockperf: ---> <MAX> observation = 1.0",
                "sockperf: ---> <MIN> observation = 1.0")))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("0 of 10");
    }

    @Test
    void sockperfFiguresThatAreNotNumbersAreErrorsNamingTheLine() {
        // found by ForwardingParsersFuzzTest: these threw NumberFormatException or the record's IllegalArgumentException
        assertThatThrownBy(() -> SockperfOutput.parse(List.of("sockperf: Test ended",
                "sockperf: ====> avg-latency=1.2.3 (std-dev=0)"))).isInstanceOf(ForwardingFailedException.class)
                .hasMessage("sockperf output line 2: '1.2.3' is not a number");
        assertThatThrownBy(() -> SockperfOutput.parse(List.of(
                "sockperf: [Valid Duration] RunTime=0.5 sec; SentMessages=99999999999999999999; ReceivedMessages=1")))
                .hasMessage("sockperf output line 1: '99999999999999999999' is not a message count");
        assertThatThrownBy(() -> SockperfOutput.parse(List.of("sockperf: ---> percentile 0.000 = 5.0")))
                .hasMessageStartingWith("sockperf output line 1: quantile must be in (0, 1]");
    }

    @Test
    void iperf3UdpSummary() throws IOException {
        Iperf3UdpResult r = Iperf3UdpResult.parse(fixture("iperf3-udp.json"));
        assertThat(r.sentPackets()).isBetween(900L, 1100L);   // -b 656000 with 82 B datagrams: 1000/s for 1 s
        assertThat(r.receivedPackets()).isPositive().isLessThanOrEqualTo(r.sentPackets());
        assertThat(r.clientSent()).isGreaterThanOrEqualTo(r.sentPackets());
        assertThat(r.lostPercent()).isBetween(0.0, 100.0);
        assertThat(r.seconds()).isBetween(0.9, 1.5);
    }

    @Test
    void iperf3LossIsTheReceiversGaps() {
        Iperf3UdpResult r = Iperf3UdpResult.parse("{\"end\":{\"sum_sent\":{\"packets\":1000},"
                + "\"sum_received\":{\"packets\":998,\"lost_packets\":10,\"seconds\":1.0}}}");
        assertThat(r.sentPackets()).isEqualTo(998);
        assertThat(r.receivedPackets()).isEqualTo(988);
        assertThat(r.clientSent()).isEqualTo(1000);
        assertThat(r.lostPercent()).isCloseTo(10 * 100.0 / 998, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void iperf3Failures() throws IOException {
        assertThatThrownBy(() -> Iperf3UdpResult.parse(fixture("iperf3-no-server.json")))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("Connection refused");
        assertThatThrownBy(() -> Iperf3UdpResult.parse("warning: UDP block size 1472 exceeds TCP MSS"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no JSON");
        assertThatThrownBy(() -> Iperf3UdpResult.parse("{\"end\":{}}"))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("no UDP summary");
    }
}
