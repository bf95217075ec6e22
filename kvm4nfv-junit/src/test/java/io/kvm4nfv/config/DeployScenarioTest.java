package io.kvm4nfv.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    /**
     * DeployScenario names from opnfv/kvmfornfv: docs/release/scenarios/* folder names (os-nosdn-kvm*) and
     * docs/release/configguide/scenariomatrix.rst (os-onos-nofeature-ha, the naming rules); other
     * OPNFV names of the same scheme (odl_l2/odl_l3/ocl/bgpvpn/fdio, k8-...); and one constructed
     * name with the optional fifth field (os-nosdn-ovs_dpdk-noha-ipv6), which the docs describe but do not list.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os-nosdn-kvm-ha", "os-nosdn-kvm-noha", "os-nosdn-kvm_ovs_dpdk-ha",
            "os-nosdn-kvm_ovs_dpdk-noha", "os-nosdn-kvm_ovs_dpdk_bar-ha", "os-nosdn-kvm_ovs_dpdk_bar-noha",
            "os-nosdn-kvm_nfv_ovs_dpdk-ha", "os-nosdn-kvm_nfv_ovs_dpdk-noha", "os-nosdn-kvm_nfv_ovs_dpdk_bar-ha",
            "os-nosdn-kvm_nfv_ovs_dpdk_bar-noha", "os-onos-nofeature-ha", "os-odl_l2-sfc-noha",
            "os-odl_l3-nofeature-ha", "os-ocl-nofeature-ha", "os-odl_l2-fdio-noha", "k8-nosdn-nofeature-noha",
            "os-odl-bgpvpn-ha", "os-nosdn-ovs_dpdk-noha-ipv6"})
    void realNamesAreValid(String name) {
        DeployScenario s = DeployScenario.parse(name);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.deployScenarioTag()).isEqualTo(name);
        assertThat(s.toString()).isEqualTo(name);
        String rebuilt = s.platform() + "-" + s.controllerField() + "-" + s.featureField() + "-" + s.mode()
                + (s.options().isEmpty() ? "" : "-" + String.join("_", s.options()));
        assertThat(rebuilt).isEqualTo(name);
    }

    @Test
    void fieldsOfAKvm4nfvScenario() {
        DeployScenario s = DeployScenario.parse("os-nosdn-kvm_ovs_dpdk_bar-ha");
        assertThat(s.platform()).isEqualTo("os");
        assertThat(s.controller()).containsExactly("nosdn");
        assertThat(s.features()).containsExactly("kvm", "ovs", "dpdk", "bar");
        assertThat(s.mode()).isEqualTo("ha");
        assertThat(s.options()).isEmpty();
        assertThat(s.highAvailability()).isTrue();
        assertThat(s.kvm4nfv()).isTrue();
        assertThat(s.hasFeature("dpdk")).isTrue();
        assertThat(DeployScenario.parse("os-odl_l2-sfc-noha").controller()).containsExactly("odl", "l2");
        assertThat(DeployScenario.parse("os-odl_l2-sfc-noha").kvm4nfv()).isFalse();
        assertThat(DeployScenario.parse("os-nosdn-ovs_dpdk-noha-ipv6").options()).containsExactly("ipv6");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "os-odl_l2-sfc                    | mode       | is missing",
            "os-nosdn                         | feature    | is missing",
            "os                               | controller | is missing",
            "os-nosdn-kvm-hax                 | mode       | must be 'ha' or 'noha', got 'hax'",
            "os-nosdn-kvm-HA                  | mode       | got 'HA'",
            "openstack-nosdn-kvm-ha           | platform   | must be one of [os, k8], got 'openstack'",
            "os--kvm-ha                       | controller | is empty",
            "os-nosdn-kvm__ovs-noha           | feature    | has an empty value",
            "os-nosdn-_kvm-noha               | feature    | has an empty value",
            "os-nosdn-kvm_ovs_-noha           | feature    | has an empty value",
            "os-nosdn-kvm-noha-               | option     | is empty",
            "os-nosdn-kvm-noha-ipv6-extra     | option     | is followed by 1 more field(s)",
            "os-NoSdn-kvm-ha                  | controller | value 'NoSdn' may only contain lower-case letters and digits",
            "os-nosdn-kvm.ovs-ha              | feature    | value 'kvm.ovs'",
    })
    void invalidNamesNameTheField(String name, String field, String problem) {
        assertThatThrownBy(() -> DeployScenario.parse(name))
                .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith("invalid scenario '" + name + "': field [" + field + "] ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith("(expected os-[controller]-[feature]-[mode]-[option], e.g. os-nosdn-kvm_ovs_dpdk-noha)");
    }

    @Test
    void blankAndPaddedNames() {
        assertThatThrownBy(() -> DeployScenario.parse(" ")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> DeployScenario.parse(null)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> DeployScenario.parse(" os-nosdn-kvm-ha")).hasMessageContaining("whitespace");
    }

    @Test
    void canonicalConstructorChecksFieldsAgainstTheName() {
        DeployScenario s = new DeployScenario("os-nosdn-kvm-ha", "os", List.of("nosdn"), List.of("kvm"), "ha", null);
        assertThat(s).isEqualTo(DeployScenario.parse("os-nosdn-kvm-ha"));
        assertThatThrownBy(() -> new DeployScenario("os-nosdn-kvm-ha", "os", List.of("odl"), List.of("kvm"), "ha",
                List.of()))
                .isInstanceOf(InvalidScenarioException.class).hasMessageContaining("do not match the name");
    }
}
