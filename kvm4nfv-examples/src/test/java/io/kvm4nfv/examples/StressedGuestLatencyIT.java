package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.GuestSetup;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Stress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.kvm4nfv.load.StressTarget.GUEST;
import static io.kvm4nfv.load.StressType.CPU;
import static io.kvm4nfv.load.StressType.IO;
import static io.kvm4nfv.load.StressType.MEMORY;

/**
 * The three test types KVM4NFV planned but never shipped: the same load on the host and
 * in the guest at once. Same setup as {@link TimerLatencyIT}, so the provisioned
 * environment (host checked, guest booted, rebooted and tuned) is shared, not redone.
 */
@Kvm4nfvTest
@HostSetup({"host-setup0.sh", "host-setup1.sh"})
@GuestSetup({"guest-setup0.sh", "reboot", "guest-setup1.sh"})
@DisplayName("KVM4NFV timer latency: host and guest stress")
class StressedGuestLatencyIT {

    @Test
    @DisplayName("CPU_stress-CPU_stress")
    @Stress(CPU)
    @Stress(value = CPU, on = GUEST)
    @Cyclictest
    void cpuStressCpuStress() {
    }

    @Test
    @DisplayName("Memory_stress-Memory_stress")
    @Stress(MEMORY)
    @Stress(value = MEMORY, on = GUEST, memoryMiB = 48)
    @Cyclictest
    void memoryStressMemoryStress() {
    }

    @Test
    @DisplayName("IO_stress-IO_stress")
    @Stress(IO)
    @Stress(value = IO, on = GUEST)
    @Cyclictest
    void ioStressIoStress() {
    }
}
