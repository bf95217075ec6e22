package io.kvm4nfv.examples;

import io.kvm4nfv.junit.GuestSetup;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Scenario;
import io.kvm4nfv.junit.TuningCheck;
import io.kvm4nfv.junit.TuningReports;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.probe.tuning.TuningPolicy;
import io.kvm4nfv.probe.tuning.TuningReport;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment the numbers belong to: the OPNFV scenario (every node of the pod up; the
 * report labelled; {@code deploy_scenario} of the results) and the host and guest tuning,
 * expected (from the pod's CPU sets) against actual. The embedded lab never retunes its own
 * machine, so its policy is WARN: mismatches are reported, not failed.
 */
@Kvm4nfvTest
@HostSetup({"host-setup0.sh", "host-setup1.sh"})
@GuestSetup({"guest-setup0.sh", "reboot", "guest-setup1.sh"})
@Scenario("os-nosdn-kvm_ovs_dpdk-noha")
@DisplayName("KVM4NFV latency evidence: scenario and tuning")
class TuningAndScenarioIT {

    @Test
    @DisplayName("scenario os-nosdn-kvm_ovs_dpdk-noha: every node up")
    void scenarioNodesAreUp(io.kvm4nfv.config.DeployScenario scenario) {
        assertThat(scenario.deployScenarioTag()).isEqualTo("os-nosdn-kvm_ovs_dpdk-noha");
        assertThat(scenario.kvm4nfv()).isTrue();
        assertThat(scenario.hasFeature("dpdk")).isTrue();
    }

    @Test
    @DisplayName("host and guest tuning, expected against actual")
    @TuningCheck
    void tuningOfHostAndGuest(TuningReports reports, Environment environment, Guest guest) {
        System.out.println(reports.tables());
        assertThat(reports.policy()).as("the embedded lab's default policy").isEqualTo(TuningPolicy.WARN);
        assertThat(reports.reports()).extracting(TuningReport::node)
                .containsExactly(environment.host().name(), guest.name());
        assertThat(reports.reports()).allSatisfy(r -> assertThat(r.rows()).isNotEmpty());
        assertThat(reports.failed()).as("WARN never fails").isEmpty();
    }
}
