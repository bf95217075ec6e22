package io.kvm4nfv.junit;

import io.kvm4nfv.orchestration.ForwardingProbe;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.probe.forwarding.ForwardingOptions;

import io.kvm4nfv.config.ForwardingConfig;
import io.kvm4nfv.config.ForwardingDriver;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodKind;
import io.kvm4nfv.config.SlaDefaults;
import io.kvm4nfv.config.VsperfConfig;
import io.kvm4nfv.probe.forwarding.NicAttachment;
import io.kvm4nfv.probe.forwarding.VsperfOptions;

import io.kvm4nfv.probe.forwarding.ForwardingSla;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        String message = outcome(sla, r).message();
        assertThat(message).startsWith("SLA violated: pvp (OVS_netdev) at 2 frame size(s) violates 5 bound(s) of "
                        + "avg <= 1000.0 us, max <= 20000.0 us, throughput >= 1.0 Mbit/s, loss <= 1.0 %:")
                .contains("64 B: avgLatencyUs 1500 us > limit 1000 us").contains("64 B: maxLatencyUs 30000 us > limit 20000 us")
                .contains("64 B: throughputRxMbps 0.512 Mbit/s < limit 1 Mbit/s")
                .contains("1518 B: maxLatencyUs 25000 us > limit 20000 us")
                .contains("1518 B: frameLossPercent 10 % > limit 1 %");
        assertThat(outcome(ForwardingSla.none(), r).message())
                .isEqualTo("SLA met: pvp (OVS_netdev) at 2 frame size(s) within none");
    }

    /** The outcome the probe lifecycle gives {@code result} under {@code sla}, as ProbeRunner judges it. */
    private static Outcome<ForwardingResult> outcome(ForwardingSla sla, ForwardingResult result) {
        List<io.kvm4nfv.result.Violation> violations = sla.violations(result);
        return new Outcome<>(result, ForwardingProbe.subjectOf(result), sla.describe(), violations,
                violations.isEmpty() ? io.kvm4nfv.publish.Criteria.PASS : io.kvm4nfv.publish.Criteria.FAIL,
                io.kvm4nfv.config.SlaAction.ASSERT);
    }

    // ---- VSPERF settings per test, PCI passthrough and SR-IOV ---------------------------------------

    private static PodConfig pod(ForwardingDriver driver, String confFile) {
        VsperfConfig v = new VsperfConfig("/opt/vswitchperf", null, confFile, "IxNet", "OvsDpdkVhost",
                "QemuDpdkVhostUser", "/tmp", 3600);
        return new PodConfig("p", Path.of("/c/pods/p.yaml"), PodKind.SSH, null, null, null,
                List.of(), null, null, Map.of(),
                new ForwardingConfig(driver, v));
    }

    @PacketForwarding(deployment = "pvp", trafficgen = "Trex", vnf = "QemuVirtioNet", confFile = "trex.conf")
    void overridesThePod() {
    }

    @PacketForwarding(deployment = "pvp", nics = NicAttachment.SRIOV)
    void sriov() {
    }

    @PacketForwarding(deployment = "pvp", nics = NicAttachment.PCI_PASSTHROUGH, vswitch = "OvsDpdkVhost")
    void passthroughWithAVswitch() {
    }

    @PacketForwarding(deployment = "pvvp", nics = NicAttachment.SRIOV)
    void sriovPvvp() {
    }

    @PacketForwarding(deployment = "pvp", trafficgen = "Ixia; reboot")
    void injectedTrafficgen() {
    }

    @Test
    void annotationAttributesGoOverThePodsVsperfSettings() throws Exception {
        VsperfOptions o = PacketForwardingExtension.vsperfOptions(annotation("overridesThePod"),
                pod(ForwardingDriver.VSPERF, "10_custom.conf"));
        assertThat(o).isEqualTo(VsperfOptions.of(new VsperfConfig("/opt/vswitchperf", null, "10_custom.conf", "IxNet",
                "OvsDpdkVhost", "QemuDpdkVhostUser", "/tmp", 3600)).withTrafficgen("Trex").withVnf("QemuVirtioNet")
                .withConfFile("trex.conf"));
        assertThat(PacketForwardingExtension.vsperfOptions(annotation("defaults"), pod(ForwardingDriver.VSPERF, null)))
                .isEqualTo(VsperfOptions.of(pod(ForwardingDriver.VSPERF, null).forwarding().vsperf()));
    }

    @Test
    void nicsChoosesSrIovOrPassthroughForPvpOnly() throws Exception {
        ForwardingOptions sriov = PacketForwardingExtension.options(annotation("sriov"), POD, 30);
        assertThat(sriov.topology().attachment()).isEqualTo(NicAttachment.SRIOV);
        assertThat(sriov).isEqualTo(ForwardingOptions.of("pvp").withNics(NicAttachment.SRIOV)
                .withSla(sriov.sla()));
        assertThat(PacketForwardingExtension.vsperfOptions(annotation("sriov"), pod(ForwardingDriver.VSPERF,
                "sriov.conf")).confFile()).isEqualTo("sriov.conf");
        assertThatThrownBy(() -> PacketForwardingExtension.options(annotation("sriovPvvp"), POD, 30))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@PacketForwarding(nics = SRIOV, deployment = \"pvvp\"): ")
                .hasMessageContaining("runs the pvp deployment with one VM of 2 NICs");
    }

    @Test
    void misuseNamesTheAnnotationAndTheAttribute() throws Exception {
        PodConfig vsperfPod = pod(ForwardingDriver.VSPERF, null);
        assertThatThrownBy(() -> PacketForwardingExtension.vsperfOptions(annotation("sriov"), vsperfPod))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@PacketForwarding(nics = SRIOV) needs a VSPERF conf file")
                .hasMessageContaining("forwarding.vsperf.confFile in pod p");
        assertThatThrownBy(() -> PacketForwardingExtension.vsperfOptions(annotation("passthroughWithAVswitch"),
                vsperfPod)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@PacketForwarding(vswitch = \"OvsDpdkVhost\"): @PacketForwarding(nics = "
                        + "PCI_PASSTHROUGH) runs without a vSwitch");
        assertThatThrownBy(() -> PacketForwardingExtension.vsperfOptions(annotation("injectedTrafficgen"), vsperfPod))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@PacketForwarding(trafficgen): ")
                .hasMessageContaining("is not a VSPERF component name");
        assertThatThrownBy(() -> PacketForwardingExtension.vsperfOptions(annotation("overridesThePod"),
                pod(ForwardingDriver.NATIVE, null))).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PacketForwarding(trafficgen = \"Trex\"): pod p runs forwarding.driver native; trafficgen,"
                        + " vswitch, vnf and confFile are VSPERF's (forwarding.driver: vsperf in the pod file)");
    }
}
