package io.kvm4nfv.probe.forwarding;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuGuestForwardersTest {

    @Test
    void macsNameVmAndNicInHex() {
        assertThat(QemuGuestForwarders.mac(Port.guest(1, 2))).isEqualTo("52:54:00:4b:01:02");
        assertThat(QemuGuestForwarders.mac(Port.guest(12, 16))).isEqualTo("52:54:00:4b:0c:10");
    }

    @Test
    void tapNamesFitIfnamsizAndAreUniquePerSequenceAndPort() {
        String a = QemuGuestForwarders.tapName(4_194_304, 1295, Port.guest(64, 32));
        assertThat(a).hasSizeLessThanOrEqualTo(15).startsWith("kt");
        assertThat(QemuGuestForwarders.tapName(1234, 1, Port.guest(1, 1)))
                .isNotEqualTo(QemuGuestForwarders.tapName(1234, 2, Port.guest(1, 1)))
                .isNotEqualTo(QemuGuestForwarders.tapName(1234, 1, Port.guest(1, 2)));
        assertThatThrownBy(() -> QemuGuestForwarders.tapName(Long.MAX_VALUE, 1, Port.guest(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15");
    }

    @Test
    void everyNicIsATapBackedVirtioNicWithItsMac() {
        GuestNics vm = new GuestNics(2, 2);
        List<String> args = QemuGuestForwarders.nicArgs(vm, Map.of(Port.guest(2, 1), "tapA", Port.guest(2, 2), "tapB"));
        assertThat(args).containsExactly(
                "-netdev", "tap,id=fwd1,ifname=tapA,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=fwd1,mac=52:54:00:4b:02:01",
                "-netdev", "tap,id=fwd2,ifname=tapB,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=fwd2,mac=52:54:00:4b:02:02");
    }

    @Test
    void theGuestBridgesEachPairFoundByMac() {
        String script = QemuGuestForwarders.bridgeScript(new GuestNics(1, 4));
        assertThat(script).contains("a=$(nic 52:54:00:4b:01:01); b=$(nic 52:54:00:4b:01:02)")
                .contains("a=$(nic 52:54:00:4b:01:03); b=$(nic 52:54:00:4b:01:04)")
                .contains("ip link add fwd0 type bridge").contains("ip link add fwd1 type bridge")
                .contains("brport/state").startsWith("set -e;");
    }

    @Test
    void parallelStreamsBecomeSelectGroupsSerialFlowsStayPlain() {
        assertThat(NetnsForwardingLab.openFlowRules(Topology.parse("pvp"))).containsExactlyInAnyOrder(
                "in_port=1,idle_timeout=0,actions=output:101",
                "in_port=102,idle_timeout=0,actions=output:2",
                "in_port=101,idle_timeout=0,actions=output:1",
                "in_port=2,idle_timeout=0,actions=output:102");
        List<String> pvpv = NetnsForwardingLab.openFlowRules(Topology.parse("pvpv"));
        assertThat(pvpv.subList(0, 2)).containsExactly(
                "group_id=1,type=select,bucket=output:101,bucket=output:201",
                "group_id=2,type=select,bucket=output:102,bucket=output:202");
        assertThat(pvpv.subList(2, pvpv.size())).containsExactlyInAnyOrder(
                "in_port=102,idle_timeout=0,actions=output:2",
                "in_port=202,idle_timeout=0,actions=output:2",
                "in_port=101,idle_timeout=0,actions=output:1",
                "in_port=201,idle_timeout=0,actions=output:1",
                "in_port=1,idle_timeout=0,actions=group:1",
                "in_port=2,idle_timeout=0,actions=group:2");
    }
}
