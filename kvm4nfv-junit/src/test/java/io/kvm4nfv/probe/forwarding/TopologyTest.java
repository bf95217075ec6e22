package io.kvm4nfv.probe.forwarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyTest {

    @Test
    void p2pConnectsThePhysicalPorts() {
        Topology t = Topology.parse("p2p");
        assertThat(t.guests()).isEmpty();
        assertThat(t.flows()).extracting(Object::toString).containsExactly("phy1 -> phy2");
        assertThat(t.reverseFlows()).extracting(Object::toString).containsExactly("phy2 -> phy1");
        assertThat(t.describePaths()).isEqualTo("PHY1 -> PHY2");
        assertThat(t.streams()).isEqualTo(1);
    }

    @Test
    void pvpHasOneVmWithTwoNicsByDefault() {
        Topology t = Topology.parse("pvp");
        assertThat(t.guestNicsNr()).containsExactly(2);
        assertThat(t.nicPairs()).extracting(Object::toString).containsExactly("vm1.nic1<->vm1.nic2");
        assertThat(t.flows()).extracting(Object::toString).containsExactly("phy1 -> vm1.nic1", "vm1.nic2 -> phy2");
        assertThat(t.describePaths()).isEqualTo("PHY1 -> VM1_1 -> VM1_2 -> PHY2");
    }

    @Test
    void serialChainsNicPairsThenVms() {
        // the VSPERF docs' example: pvvp with GUEST_NICS_NR = [2, 4]
        Topology t = Topology.parse("pvvp", List.of(2, 4));
        assertThat(t.describePaths()).isEqualTo("PHY1 -> VM1_1 -> VM1_2 -> VM2_1 -> VM2_2 -> VM2_3 -> VM2_4 -> PHY2");
        assertThat(t.flows()).extracting(Object::toString).containsExactly(
                "phy1 -> vm1.nic1", "vm2.nic4 -> phy2", "vm1.nic2 -> vm2.nic1", "vm2.nic2 -> vm2.nic3");
        assertThat(t.nicPairs()).hasSize(3);
    }

    @Test
    void serialWithSingleNicVms() {
        Topology t = Topology.parse("pvvp3", List.of(1));
        assertThat(t.guestNicsNr()).containsExactly(1, 1, 1);
        assertThat(t.describePaths()).isEqualTo("PHY1 -> VM1_1 -> VM2_1 -> VM3_1 -> PHY2");
        assertThat(t.flows()).extracting(Object::toString).containsExactly(
                "phy1 -> vm1.nic1", "vm3.nic1 -> phy2", "vm1.nic1 -> vm2.nic1", "vm2.nic1 -> vm3.nic1");
        assertThat(t.nicPairs()).extracting(Object::toString).first().isEqualTo("vm1.nic1 (loopback)");
    }

    @Test
    void parallelGivesEveryNicPairItsStream() {
        // "pvpv1 and GUEST_NICS_NR = [4]": 1 VM, every NIC pair connected to the physical ports
        Topology one = Topology.parse("pvpv1", List.of(4));
        assertThat(one.streams()).isEqualTo(2);
        assertThat(one.flows()).extracting(Object::toString).containsExactly(
                "phy1 -> vm1.nic1 [stream 0]", "vm1.nic2 -> phy2", "phy1 -> vm1.nic3 [stream 1]", "vm1.nic4 -> phy2");
        assertThat(one.reverseFlows()).extracting(Object::toString).containsExactly(
                "phy2 -> vm1.nic2 [stream 0]", "vm1.nic1 -> phy1", "phy2 -> vm1.nic4 [stream 1]", "vm1.nic3 -> phy1");
        assertThat(one.describePaths()).isEqualTo("PHY1 -> VM1_1 -> VM1_2 -> PHY2 | PHY1 -> VM1_3 -> VM1_4 -> PHY2");

        Topology four = Topology.parse("pvpv4");
        assertThat(four.streams()).isEqualTo(4);
        assertThat(four.paths()).hasSize(4);
    }

    @Test
    void guestNicsExpandLikeVsperf() {
        // shorter list: filled with its first value; longer list: cut to the VM count
        assertThat(Topology.parse("pvvp4", List.of(2, 4)).guestNicsNr()).containsExactly(2, 4, 2, 2);
        assertThat(Topology.parse("pvp", List.of(4, 2, 2)).guestNicsNr()).containsExactly(4);
        assertThat(Topology.parse("pvvp", List.of()).guestNicsNr()).containsExactly(2, 2);
        assertThat(Topology.parse("p2p", List.of(2, 4)).guests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "2,5", "0", "-2", "34"})
    void oddOrOutOfRangeNicCountsAreErrors(String counts) {
        List<Integer> nics = Arrays.stream(counts.split(",")).map(Integer::valueOf).toList();
        assertThatThrownBy(() -> Topology.parse("pvvp", nics))
                .isInstanceOf(InvalidDeploymentException.class)
                .hasMessageContaining("GUEST_NICS_NR allows 1 or an even number");
    }

    @Test
    void pciPassthroughIsPvpWithTwoNicsAndNoSwitch() {
        Topology sriov = Topology.of(Deployment.parse("pvp"), List.of(2), NicAttachment.PCI_PASSTHROUGH);
        assertThat(sriov.usesVswitch()).isFalse();
        assertThat(sriov.flows()).isEmpty();
        assertThat(sriov.describePaths()).isEqualTo("PHY1 -> VM1_1 -> VM1_2 -> PHY2");
        for (String bad : List.of("p2p", "pvvp", "pvpv")) {
            assertThatThrownBy(() -> Topology.of(Deployment.parse(bad), List.of(2), NicAttachment.PCI_PASSTHROUGH))
                    .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("PCI passthrough");
        }
        assertThatThrownBy(() -> Topology.of(Deployment.parse("pvp"), List.of(4), NicAttachment.PCI_PASSTHROUGH))
                .isInstanceOf(InvalidDeploymentException.class);
    }

    @Test
    void frameSizePayloads() {
        assertThat(FrameSizes.KVM4NFV.stream().map(FrameSizes::udpPayload).toList())
                .containsExactly(18, 82, 466, 978, 1472);
        assertThatThrownBy(() -> FrameSizes.udpPayload(63)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FrameSizes.frameMbps(1_000_000, 64)).isEqualTo(512.0);
    }
}
