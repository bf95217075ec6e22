package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.Violation;
import io.kvm4nfv.result.LatencyPercentileUs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingVerdictTest {

    private static FrameSizeResult size(int bytes, Double avg, Double max, Double mbps, Double loss) {
        return new FrameSizeResult(bytes, 1.0, avg, max, List.of(new LatencyPercentileUs(0.99, 9.5)), 1000.0, mbps, loss,
                1000L, 1000L);
    }

    private static ForwardingResult result(FrameSizeResult... sizes) {
        return new ForwardingResult("pvvp_tput", "pvvp", "OVS_with_DPDK_and_vHost_User", "vsperf/IxNet",
                List.of(sizes), Instant.parse("2017-03-14T08:31:22Z"), Duration.ofMinutes(10), null);
    }

    @Test
    void everyViolationOfEveryFrameSizeIsListed() {
        ForwardingResult r = result(size(64, 612.5, 2000.0, 500.0, 0.0), size(1518, 20.0, 5000.0, 9000.0, 0.5));
        ForwardingSla sla = ForwardingSla.none().withMaxAvgLatencyUs(500).withMaxLatencyUs(1000)
                .withMinThroughputMbps(1000).withMaxLossPercent(0);
        assertThat(ForwardingVerdict.violations(r, sla)).extracting(Violation::describe).containsExactly(
                "64 B: avgLatencyUs 612.5 us > limit 500 us",
                "64 B: maxLatencyUs 2000 us > limit 1000 us",
                "64 B: throughputRxMbps 500 Mbit/s < limit 1000 Mbit/s",
                "1518 B: maxLatencyUs 5000 us > limit 1000 us",
                "1518 B: frameLossPercent 0.5 % > limit 0 %");
    }

    @Test
    void fractionalBoundsAreNotTruncatedAndEqualPasses() {
        ForwardingResult r = result(size(64, 12.5, 12.6, 10.0, 0.0));
        assertThat(ForwardingVerdict.violations(r, ForwardingSla.none().withMaxAvgLatencyUs(12.5))).isEmpty();
        assertThat(ForwardingVerdict.violations(r, ForwardingSla.none().withMaxLatencyUs(12.5)))
                .extracting(Violation::describe).containsExactly("64 B: maxLatencyUs 12.6 us > limit 12.5 us");
    }

    @Test
    void unmeasuredValueNeverPassesABound() {
        FrameSizeResult noLatency = new FrameSizeResult(64, null, null, null, List.of(), 1000.0, 0.512, 0.0, null, null);
        assertThat(ForwardingVerdict.violations(result(noLatency), ForwardingSla.none().withMaxAvgLatencyUs(500)))
                .extracting(Violation::describe).containsExactly("64 B: avgLatencyUs not measured > limit 500 us");
        assertThat(ForwardingVerdict.violations(result(noLatency), ForwardingSla.none())).isEmpty();
    }

    @Test
    void perFrameSizeBoundsReplaceTheDefault() {
        ForwardingResult r = result(size(64, 300.0, 900.0, 500.0, 0.0), size(1518, 300.0, 900.0, 9000.0, 0.0));
        ForwardingSla defaults = ForwardingSla.none().withMaxAvgLatencyUs(200);
        assertThat(ForwardingVerdict.violations(r, defaults, Map.of(64, ForwardingSla.none().withMaxAvgLatencyUs(400))))
                .extracting(Violation::describe).containsExactly("1518 B: avgLatencyUs 300 us > limit 200 us");
    }

    @Test
    void annotationStyleUnsetValues() {
        assertThat(ForwardingSla.ofOptional(-1, -1, -1, -1).isEmpty()).isTrue();
        assertThat(ForwardingSla.ofOptional(500, -1, 0, -1)).isEqualTo(new ForwardingSla(500.0, null, 0.0, null));
        assertThatThrownBy(() -> ForwardingSla.none().withMaxLossPercent(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ForwardingSla(Double.NaN, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dashboardNames() {
        ForwardingResult r = result(size(64, 1.0, 1.0, 1.0, 0.0));
        assertThat(ForwardingResultNames.measurement(r)).isEqualTo("pvvp_tput_OVS_with_DPDK_and_vHost_User");
        assertThat(ForwardingResultNames.dashboardName(r)).isEqualTo("KVM4NFV-PVVP-TPUT-OVS_WITH_DPDK_AND_VHOST_USER");
        assertThat(ForwardingResultNames.dashboardName("pvp_tput", "SRIOV")).isEqualTo("KVM4NFV-PVP-TPUT-SRIOV");
        assertThat(ForwardingResultNames.PACKET_SIZE_TAG).isEqualTo("packet_size");
    }

    @Test
    void resultSerialisesNumbersAsNumbersAndOmitsUnreported() throws Exception {
        FrameSizeResult noLatency = new FrameSizeResult(64, null, null, null, List.of(), 1000.0, 0.512, 0.0, null, null);
        ForwardingResult r = result(size(1518, 20.25, 30.0, 12.0, 0.0), noLatency);
        String json = ResultsFile.JSON.writeValueAsString(r);
        assertThat(json).contains("\"avgLatencyUs\":20.25", "\"frameSizeBytes\":1518", "\"framesReceived\":1000",
                "\"quantile\":0.99", "\"valueUs\":9.5");
        assertThat(json).doesNotContain("null");
        assertThat(ResultsFile.JSON.readValue(json, ForwardingResult.class)).isEqualTo(r);
        assertThat(r.frameSize(64).avgLatencyUs()).isNull();
        assertThatThrownBy(() -> r.frameSize(128)).hasMessageContaining("no result for frame size 128");
    }

    @Test
    void frameSizeResultRejectsNonsense() {
        assertThatThrownBy(() -> new FrameSizeResult(63, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameSizeResult(64, -1.0, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameSizeResult(64, null, null, null, null, null, null, 100.5, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> result(size(64, 1.0, 1.0, 1.0, 0.0), size(64, 1.0, 1.0, 1.0, 0.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
