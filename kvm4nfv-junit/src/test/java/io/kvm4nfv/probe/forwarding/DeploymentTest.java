package io.kvm4nfv.probe.forwarding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentTest {

    @ParameterizedTest(name = "{0} -> {1} x{2} ({3})")
    @CsvSource({
            // every form of the VSPERF docs (design document, "PXP deployment")
            "p2p,       PHY2PHY,  0, p2p",
            "phy2phy,   PHY2PHY,  0, p2p",
            "pvp,       SERIAL,   1, pvp",
            "pvvp1,     SERIAL,   1, pvp",      // "pvp is an alias for pvvp1"
            "pvvp,      SERIAL,   2, pvvp",     // number omitted: 2 VMs
            "pvvp2,     SERIAL,   2, pvvp",
            "pvvp4,     SERIAL,   4, pvvp4",    // vswitch_p4vp
            "pvvp10,    SERIAL,  10, pvvp10",   // "pvvp10 will start 10 VMs"
            "pvpv,      PARALLEL, 2, pvpv",
            "pvpv1,     PARALLEL, 1, pvpv1",    // "pvpv1 and GUEST_NICS_NR = [4]"
            "pvpv2,     PARALLEL, 2, pvpv",     // 2pvp_udp_dest_flows
            "pvpv4,     PARALLEL, 4, pvpv4",
            "pvpv6,     PARALLEL, 6, pvpv6",
            "PVVP3,     SERIAL,   3, pvvp3",    // VSPERF lower-cases
            "' pvp ',   SERIAL,   1, pvp",
            "pvvp64,    SERIAL,  64, pvvp64",
    })
    void validForms(String name, DeploymentKind kind, int vms, String canonical) {
        Deployment d = Deployment.parse(name);
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.vmCount()).isEqualTo(vms);
        assertThat(d.canonicalName()).isEqualTo(canonical);
        assertThat(Deployment.parse(d.canonicalName())).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pvxp", "pvvp0", "pvpv0", "pvvp-1", "pvvp+2", "pvp2", "p2p2", "phy2phy1", "pvvpx", "pvv",
            "vp", "op2p", "ptunp", "clean", "pvvp65", "pvvp1000", "pvvp 2", "pvvp2.0", "pvvp²"})
    void invalidFormsListTheValidOnes(String name) {
        assertThatThrownBy(() -> Deployment.parse(name))
                .isInstanceOf(InvalidDeploymentException.class)
                .hasMessageContaining(name.trim())
                .hasMessageContaining("p2p | phy2phy | pvp | pvvp | pvvpN | pvpv | pvpvN");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingName(String name) {
        assertThatThrownBy(() -> Deployment.parse(name)).isInstanceOf(InvalidDeploymentException.class)
                .hasMessageContaining("valid forms");
    }
}
