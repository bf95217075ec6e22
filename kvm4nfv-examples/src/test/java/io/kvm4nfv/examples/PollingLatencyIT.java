package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Oslat;
import io.kvm4nfv.junit.Stress;
import io.kvm4nfv.result.OslatResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.kvm4nfv.load.StressType.CPU;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling latency with oslat in the guest: the jitter a busy-polling thread sees — how a DPDK
 * poll-mode driver runs, so a VNF's packet latency follows it — beside cyclictest's timer
 * latency. The SLA comes from the pod ({@code sla.oslat}).
 */
@Kvm4nfvTest
@DisplayName("KVM4NFV polling latency: oslat in the guest")
class PollingLatencyIT {

    @Test
    @DisplayName("oslat Idle-Idle")
    @Oslat(durationSeconds = 5, json = true)   // also oslat's --json, attached and checked against its table
    void idleIdle(OslatResult result) {
        assertThat(result.cpus()).isNotEmpty();
        assertThat(result.aggregate().samples()).as("loops measured").isPositive();
        assertThat(result.testType()).isEqualTo("Idle-Idle");
    }

    @Test
    @DisplayName("oslat CPU_stress-Idle")
    @Stress(CPU)
    @Oslat(durationSeconds = 5)
    void cpuStressIdle(OslatResult result) {
        assertThat(result.testType()).isEqualTo("CPU_stress-Idle");
        assertThat(result.aggregate().samples()).isPositive();
    }
}
