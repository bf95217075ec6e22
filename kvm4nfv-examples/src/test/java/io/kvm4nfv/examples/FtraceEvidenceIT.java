package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.Ftrace;
import io.kvm4nfv.junit.GuestSetup;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Stress;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.probe.trace.AttachPolicy;
import io.kvm4nfv.probe.trace.BreaktraceTrace;
import io.kvm4nfv.probe.trace.FtraceSession;
import io.kvm4nfv.probe.trace.FtraceState;
import io.kvm4nfv.probe.trace.TraceCapture;
import io.kvm4nfv.probe.trace.TraceRegion;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.kvm4nfv.load.StressTarget.GUEST;
import static io.kvm4nfv.load.StressType.CPU;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeing why latency spikes: ftrace in the guest around the measurement (scheduler, IRQ and
 * timer events; the trace is attached to the report), and cyclictest's breaktrace stopping at the
 * first spike above a threshold, with the trace region that led up to it attached. After every
 * test, ftrace in the guest must be off again. Same setup as {@link TimerLatencyIT}: the
 * provisioned environment is shared.
 */
@Kvm4nfvTest
@HostSetup({"host-setup0.sh", "host-setup1.sh"})
@GuestSetup({"guest-setup0.sh", "reboot", "guest-setup1.sh"})
@Ftrace(tracer = "nop", events = {"sched", "irq", "timer"}, attach = AttachPolicy.ALWAYS,
        maxCollectedBytes = 2 * 1024 * 1024)
@DisplayName("KVM4NFV latency evidence: ftrace and breaktrace")
class FtraceEvidenceIT {

    @Test
    @DisplayName("Idle-Idle traced")
    @Cyclictest
    void idleIdleTraced(CyclictestResult result) {
        assertThat(result.aggregate().samples()).isPositive();
    }

    /** A threshold a TCG guest under CPU stress crosses at once: cyclictest stops there and marks the trace. */
    @Test
    @DisplayName("Idle-CPU_stress breaktrace")
    @Stress(value = CPU, on = GUEST)
    @Cyclictest(breaktraceUs = 1000)
    void breaktraceFiresUnderGuestStress(CyclictestResult result) {
        assertThat(result.breaktraceHit()).as("breaktrace at 1000 us under guest CPU stress").isPresent();
        assertThat(result.breaktraceHit().get().valueUs()).isGreaterThan(1000);
    }

    @AfterEach
    void traceWasCollectedAndTracingIsOff(Guest guest, TraceCapture capture, CyclictestResult result) {
        System.out.println("[" + guest.name() + "] " + capture.summary());
        assertThat(capture.available()).as("ftrace in the embedded lab's guest: %s", capture.summary()).isTrue();
        assertThat(capture.text()).contains("sched_switch").hasSizeLessThanOrEqualTo(2 * 1024 * 1024);
        if (!capture.truncated()) {
            assertThat(capture.text()).startsWith("# tracer: nop");
        }
        result.breaktraceHit().ifPresent(hit -> {
            Optional<TraceRegion> region = BreaktraceTrace.around(result, capture);
            assertThat(region).as("the trace region around cyclictest's marker").isPresent();
            System.out.println("[" + guest.name() + "] breaktrace " + hit + ": " + region.get().lines().size()
                    + " lines around " + region.get().markLine().strip());
            assertThat(region.get().latencyUs()).isEqualTo(hit.valueUs());
        });
        FtraceState state = FtraceSession.verifyOff(guest.node());
        System.out.println("[" + guest.name() + "] after the test: " + state);
        assertThat(state.isOff()).as(state.toString()).isTrue();
        assertThat(state.tracingOn()).isFalse();
        assertThat(state.currentTracer()).isEqualTo("nop");
    }
}
