package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.GuestSetup;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Stress;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.kvm4nfv.junit.Kvm4nfvAssertions.assertThat;
import static io.kvm4nfv.load.StressType.CPU;
import static io.kvm4nfv.load.StressType.IO;
import static io.kvm4nfv.load.StressType.MEMORY;

/**
 * The four timer-latency test types KVM4NFV ran daily: cyclictest in the guest while the
 * host is idle or stressed. The SLA comes from the pod ({@code sla.cyclictest} in
 * {@code config/pods/<pod>.yaml}), so the same class holds a tuned pod to microseconds and
 * the embedded lab to what a TCG guest can do.
 */
@Kvm4nfvTest
@HostSetup({"host-setup0.sh", "host-setup1.sh"})
@GuestSetup({"guest-setup0.sh", "reboot", "guest-setup1.sh"})
@DisplayName("KVM4NFV timer latency: host stress, idle guest")
class TimerLatencyIT {

    @Test
    @DisplayName("Idle-Idle")
    @Cyclictest
    void idleIdle(CyclictestResult result) {
        // the SLA is judged by the extension; a test body may add its own checks
        assertThat(result).hasThreads(1).hasAtLeastSamples(1);
    }

    @Test
    @DisplayName("CPU_stress-Idle")
    @Stress(CPU)
    @Cyclictest
    void cpuStressIdle() {
    }

    @Test
    @DisplayName("Memory_stress-Idle")
    @Stress(MEMORY)
    @Cyclictest
    void memoryStressIdle() {
    }

    @Test
    @DisplayName("IO_stress-Idle")
    @Stress(IO)
    @Cyclictest
    void ioStressIdle() {
    }
}
