package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.HardwareLatency;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Oslat;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.OslatResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.kvm4nfv.load.StressTarget.HOST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency trio in the order the platforms recommend: what the hardware steals (hwlatdetect
 * on the host), then timer latency (cyclictest), then polling latency (oslat on the host). On a
 * kernel without the hwlat tracer (Debian's stock kernel, this lab's) the first is recorded as
 * unavailable ({@code required = false}); a real pod's RT kernel measures it.
 */
@Kvm4nfvTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("KVM4NFV latency trio: hardware, timer, polling")
class LatencyTrioIT {

    @Test
    @Order(1)
    @DisplayName("1 hardware: hwlatdetect on the host")
    @HardwareLatency(durationSeconds = 5, required = false)
    void hardware(HardwareLatencyResult result) {
        if (result.available()) {
            assertThat(result.samplesOverThreshold()).isEqualTo(result.samplesRecorded());
        } else {
            assertThat(result.unavailableReason()).as("one sentence saying why").isNotBlank();
        }
    }

    @Test
    @Order(2)
    @DisplayName("2 timer: cyclictest")
    @Cyclictest(loops = 5_000)
    void timer(CyclictestResult result) {
        assertThat(result.aggregate().samples()).isPositive();
    }

    @Test
    @Order(3)
    @DisplayName("3 polling: oslat on the host")
    @Oslat(on = HOST, durationSeconds = 5)
    void polling(OslatResult result) {
        assertThat(result.aggregate().samples()).isPositive();
    }
}
