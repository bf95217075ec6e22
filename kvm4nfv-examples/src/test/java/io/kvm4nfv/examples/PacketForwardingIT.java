package io.kvm4nfv.examples;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.PacketForwarding;
import io.kvm4nfv.probe.forwarding.ForwardingOptions;
import io.kvm4nfv.probe.forwarding.ForwardingSla;
import io.kvm4nfv.probe.forwarding.TrafficGenerator;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KVM4NFV's packet-forwarding tests: VSPERF's deployments at KVM4NFV's frame sizes, judged by
 * the pod's forwarding SLA ({@code sla.forwarding}). On the embedded lab the VMs are real QEMU
 * guests (TCG on CI) bridging their NIC pairs, booted once per deployment and shared by every
 * test of this class that uses it (the pvp guest serves {@code pvp} and both
 * {@code pvpPerFrameSize} invocations), then stopped when the class ends; on a real pod VSPERF
 * starts them. Traffic time per frame size comes from {@code junit-platform.properties}.
 */
@Kvm4nfvTest
@DisplayName("KVM4NFV packet forwarding")
class PacketForwardingIT {

    @Test
    @DisplayName("phy2phy: the vSwitch alone")
    @PacketForwarding(deployment = "p2p")
    void p2p(ForwardingResult result) {
        assertThat(result.frameSizes()).extracting(FrameSizeResult::frameSizeBytes).containsExactly(64, 128, 512, 1024, 1518);
    }

    @Test
    @DisplayName("PVP: one VM")
    @PacketForwarding(deployment = "pvp")
    void pvp(ForwardingResult result) {
        assertThat(result.deployment()).isEqualTo("pvp");
    }

    @Test
    @DisplayName("PVVP: two VMs in series")
    @PacketForwarding(deployment = "pvvp", frameSizes = {64, 128, 512, 1024, 1518})
    void pvvp(ForwardingResult result) {
        // two VMs in series cost more than one on the way: the frames cross both
        assertThat(result.frameSize(64).minLatencyUs()).isPositive();
    }

    @Test
    @DisplayName("PVPV: two VMs in parallel")
    @PacketForwarding(deployment = "pvpv")
    void pvpv(ForwardingResult result) {
        assertThat(result.frameSizes()).allSatisfy(f -> assertThat(f.framesReceived()).isPositive());
    }

    /**
     * The same test as a test author parameterises it: one frame size per invocation, run from
     * plain Java — what {@code @PacketForwarding} does under the hood — on the injected generator,
     * the class's shared one, so the invocations reuse the running pvp guest. Without JUnit:
     * {@code new SharedTrafficGenerator(TrafficGenerators.forLab(lab, log), log)}, closed at the end.
     */
    @ParameterizedTest(name = "PVP at {0} B")
    @ValueSource(ints = {64, 1518})
    void pvpPerFrameSize(int frameSize, TrafficGenerator generator, PodConfig pod) {
        ForwardingOptions options = ForwardingOptions.of("pvp").withFrameSizes(List.of(frameSize))
                .withDurationPerSize(Duration.ofSeconds(2)).withSla(ForwardingSla.of(pod.sla().forwarding()));

        ForwardingResult result = generator.run(options.request());

        assertThat(result.frameSize(frameSize).framesReceived()).isPositive();
        assertThat(options.sla().violations(result)).isEmpty();
    }
}
