package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.GuestSetup;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.MemoryBandwidth;
import io.kvm4nfv.junit.Stress;
import io.kvm4nfv.probe.membw.MemoryBandwidthResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.kvm4nfv.load.StressType.MEMORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory bandwidth on the host (Intel PCM's pcm-memory) while cyclictest measures under host
 * memory stress, as KVM4NFV's {@code *_MBW} measurements. Where PCM cannot measure (an AMD CPU,
 * a VM, no MSR access — CI machines) the result carries PCM's own reason and the test still
 * passes: {@code required} is false.
 */
@Kvm4nfvTest
@HostSetup({"host-setup0.sh", "host-setup1.sh"})
@GuestSetup({"guest-setup0.sh", "reboot", "guest-setup1.sh"})
@DisplayName("KVM4NFV latency evidence: memory bandwidth")
class MemoryBandwidthIT {

    @Test
    @DisplayName("Memory_stress-Idle with memory bandwidth")
    @Stress(MEMORY)
    @MemoryBandwidth(interval = 1)
    @Cyclictest
    void memoryStressIdle() {
    }

    @AfterEach
    void bandwidthOrPcmsReason(MemoryBandwidthResult result) {
        System.out.println(result.summary());
        assertThat(result.measurement()).isEqualTo("kvmfornfv_cyclictest_memorystress_idle_MBW");
        if (result.available()) {
            assertThat(result.samples()).isNotEmpty();
        } else {
            assertThat(result.unavailableReason()).isNotBlank();
        }
    }
}
