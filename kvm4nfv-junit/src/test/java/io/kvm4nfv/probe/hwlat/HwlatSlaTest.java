package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HwlatSlaTest {

    static HardwareLatencyResult measured(long maxUs, long samples, boolean below) {
        return new HardwareLatencyResult("host1", true, null, 10, 1_000_000, 500_000, maxUs, below, samples, samples,
                null, List.of(), List.of("hwlatdetect"), 30, null);
    }

    static final HardwareLatencyResult UNAVAILABLE = HardwareLatencyResult.unavailable("host1",
            "the kernel has no hwlat tracer", 10, List.of("hwlatdetect"), 30);

    @Test
    void describesItsBounds() {
        assertThat(HwlatSla.NONE.describe()).isEqualTo("none");
        assertThat(HwlatSla.NONE.withMaxUs(10).withMaxSamplesOverThreshold(0).withRequired(true).describe())
                .isEqualTo("maxUs <= 10, samplesOverThreshold <= 0, required");
    }

    @Test
    void anUnavailableResultViolatesOnlyARequiredSla() {
        assertThat(HwlatSla.NONE.withMaxUs(5).violations(UNAVAILABLE)).isEmpty();
        List<Violation> v = HwlatSla.NONE.withRequired(true).violations(UNAVAILABLE);
        assertThat(v).containsExactly(Violation.check("node host1", "hwlat", "the kernel has no hwlat tracer"));
    }

    @Test
    void maxAndSampleCountAreJudged() {
        HwlatSla sla = HwlatSla.NONE.withMaxUs(20).withMaxSamplesOverThreshold(2);
        assertThat(sla.violations(measured(20, 2, false))).isEmpty();
        assertThat(sla.violations(measured(21, 3, false))).extracting(Violation::describe).containsExactly(
                "node host1: maxUs 21 us > limit 20 us",
                "node host1: samplesOverThreshold 3 samples > limit 2 samples (threshold 10 us)");
    }

    @Test
    void belowThresholdMeetsAMaxAtOrAboveTheThresholdAndCannotProveALowerOne() {
        assertThat(HwlatSla.NONE.withMaxUs(10).violations(measured(0, 0, true))).isEmpty();
        List<Violation> v = HwlatSla.NONE.withMaxUs(5).violations(measured(0, 0, true));
        assertThat(v).hasSize(1);
        assertThat(v.get(0).describe()).isEqualTo("node host1: maxUs not measured > limit 5 us (below the threshold"
                + " of 10 us, cannot be verified: lower thresholdUs to at most 5)");
    }

    @Test
    void negativeBoundsAreRefused() {
        assertThatThrownBy(() -> HwlatSla.NONE.withMaxUs(-1)).hasMessageContaining("maxUs");
        assertThatThrownBy(() -> HwlatSla.NONE.withMaxSamplesOverThreshold(-1))
                .hasMessageContaining("maxSamplesOverThreshold");
    }
}
