package io.kvm4nfv.junit;

import io.kvm4nfv.config.SlaDefaults;
import io.kvm4nfv.probe.forwarding.ForwardingOptions;
import io.kvm4nfv.probe.forwarding.ForwardingSla;
import io.kvm4nfv.probe.forwarding.ForwardingVerdict;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketForwardingExtensionTest {

    private static final SlaDefaults.Forwarding POD = new SlaDefaults.Forwarding(1000.0, 20000.0, 0.4, 1.0);

    @PacketForwarding(deployment = "pvvp")
    void defaults() {
    }

    @PacketForwarding(deployment = "pvvp3", guestNics = {2, 4}, frameSizes = {1518, 64}, durationSeconds = 5,
            maxAvgLatencyUs = 12.5, maxLossPercent = 0)
    void explicit() {
    }

    @PacketForwarding(deployment = "pvxp")
    void badDeployment() {
    }

    @PacketForwarding(deployment = "pvp", guestNics = 3)
    void oddNics() {
    }

    @PacketForwarding(deployment = "pvp", frameSizes = {64, 32})
    void tinyFrame() {
    }

    @PacketForwarding(deployment = "pvp", maxLatencyUs = -2)
    void negativeBound() {
    }

    @PacketForwarding(deployment = "pvp", maxLossPercent = 150)
    void lossAbove100() {
    }

    @PacketForwarding(deployment = "pvp", durationSeconds = -1)
    void negativeDuration() {
    }

    private static PacketForwarding annotation(String method) throws Exception {
        return PacketForwardingExtensionTest.class.getDeclaredMethod(method).getAnnotation(PacketForwarding.class);
    }

    @Test
    void defaultsAreKvm4nfvFrameSizesTwoNicsThePodSlaAndTheRunDuration() throws Exception {
        ForwardingOptions o = PacketForwardingExtension.options(annotation("defaults"), POD, 7);
        assertThat(o.topology().deployment().canonicalName()).isEqualTo("pvvp");
        assertThat(o.topology().guestNicsNr()).containsExactly(2, 2);
        assertThat(o.frameSizes()).containsExactly(64, 128, 512, 1024, 1518);
        assertThat(o.durationPerSize()).isEqualTo(Duration.ofSeconds(7));
        assertThat(o.sla()).isEqualTo(new ForwardingSla(1000.0, 20000.0, 0.4, 1.0));
        assertThat(o.request().testId()).isEqualTo("pvvp_tput");
    }

    @Test
    void explicitAttributesWinBoundsStayExactDoubles() throws Exception {
        ForwardingOptions o = PacketForwardingExtension.options(annotation("explicit"), POD, 7);
        assertThat(o.topology().guestNicsNr()).containsExactly(2, 4, 2);
        assertThat(o.frameSizes()).containsExactly(1518, 64);
        assertThat(o.durationPerSize()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.sla()).isEqualTo(new ForwardingSla(12.5, 20000.0, 0.4, 0.0));
        assertThat(PacketForwardingExtension.options(annotation("defaults"), SlaDefaults.Forwarding.NONE, 1).sla()
                .isEmpty()).isTrue();
    }

    @Test
    void misuseNamesAnnotationAndAttribute() {
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("badDeployment"), POD, 1))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@PacketForwarding(deployment)").hasMessageContaining("pvvpN");
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("oddNics"), POD, 1))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@PacketForwarding(guestNics)");
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("tinyFrame"), POD, 1))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@PacketForwarding(frameSizes)");
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("negativeBound"), POD, 1))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@PacketForwarding(maxLatencyUs)");
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("lossAbove100"), POD, 1))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@PacketForwarding(maxLossPercent)");
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("negativeDuration"), POD, 1))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@PacketForwarding(durationSeconds)");
    }

    @Test
    void verdictListsEveryViolationOfEveryFrameSize() {
        ForwardingResult r = new ForwardingResult("pvp_tput", "pvp", "OVS_netdev", "sockperf+iperf3", List.of(
                new FrameSizeResult(64, 100.0, 1500.0, 30000.0, List.of(), 1000.0, 0.512, 0.0, 1000L, 1000L),
                new FrameSizeResult(1518, 100.0, 900.0, 25000.0, List.of(), 900.0, 10.9, 10.0, 1000L, 900L)),
                Instant.EPOCH, Duration.ofSeconds(10), null);
        ForwardingSla sla = new ForwardingSla(1000.0, 20000.0, 1.0, 1.0);
        String message = PacketForwardingExtension.verdictMessage(r, sla, ForwardingVerdict.violations(r, sla));
        assertThat(message).startsWith("SLA violated: pvp (OVS_netdev) violates 5 bound(s)")
                .contains("64 B: avgLatencyUs 1500 us > limit 1000 us").contains("64 B: maxLatencyUs 30000 us > limit 20000 us")
                .contains("64 B: throughputRxMbps 0.512 Mbit/s < limit 1 Mbit/s")
                .contains("1518 B: maxLatencyUs 25000 us > limit 20000 us")
                .contains("1518 B: frameLossPercent 10 % > limit 1 %");
        assertThat(PacketForwardingExtension.verdictMessage(r, ForwardingSla.none(), List.of()))
                .isEqualTo("SLA met: pvp at 2 frame size(s) within none");
    }
}
