package io.kvm4nfv.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** System property > environment variable > file, for every scalar, with clear errors for unknown keys. */
class PodConfigOverridesTest {
    @TempDir
    Path tempDir;
    private TestPods pods;

    @BeforeEach
    void setUp() {
        pods = new TestPods(tempDir);
        pods.write("pod", TestPods.SSH_POD);
    }

    @Test
    void fileValueWhenNothingOverrides() {
        PodConfig pod = pods.load("pod");
        assertThat(pod.node("node1").address()).isEqualTo("192.0.2.11");
        assertThat(pod.appliedOverrides()).isEmpty();
    }

    @Test
    void environmentBeatsFile() {
        pods.environment.put("KVM4NFV_NODES_NODE1_ADDRESS", "10.0.0.1");
        PodConfig pod = pods.load("pod");
        assertThat(pod.node("node1").address()).isEqualTo("10.0.0.1");
        assertThat(pod.appliedOverrides())
                .containsEntry("kvm4nfv.nodes.node1.address", "environment variable KVM4NFV_NODES_NODE1_ADDRESS");
        assertThat(pod.describe()).contains("kvm4nfv.nodes.node1.address (environment variable");
    }

    @Test
    void systemPropertyBeatsEnvironment() {
        pods.environment.put("KVM4NFV_NODES_NODE1_ADDRESS", "10.0.0.1");
        pods.properties.put("kvm4nfv.nodes.node1.address", "10.0.0.2");
        PodConfig pod = pods.load("pod");
        assertThat(pod.node("node1").address()).isEqualTo("10.0.0.2");
        assertThat(pod.appliedOverrides()).containsEntry("kvm4nfv.nodes.node1.address", "system property");
    }

    @Test
    void everyKindOfScalar() {
        pods.properties.put("kvm4nfv.sla.cyclictest.maxUs", "12.5");
        pods.environment.put("KVM4NFV_SLA_CYCLICTEST_AVGUS", "7");
        pods.properties.put("kvm4nfv.sla.migration.maxDowntimeMs", "3.25");
        pods.properties.put("kvm4nfv.timeouts.commandSeconds", "42");
        pods.environment.put("KVM4NFV_NODES_NODE1_PORT", "2222");
        pods.properties.put("kvm4nfv.nodes.node1.cpus.stress", "0-1");
        pods.properties.put("kvm4nfv.nodes.guest1.forwardPort", "6000");
        pods.properties.put("kvm4nfv.hostKeys.policy", "trust-on-first-use");
        pods.properties.put("kvm4nfv.scripts.guest", "other/guest");
        pods.properties.put("kvm4nfv.description", "CI pod");
        pods.properties.put("kvm4nfv.nodes.jump.keyFile", "/secrets/id_jump");
        pods.properties.put("kvm4nfv.sla.oslat.p999Us", "4.5");
        PodConfig pod = pods.load("pod");
        assertThat(pod.sla().cyclictest().maxUs()).isEqualTo(12.5);
        assertThat(pod.sla().cyclictest().avgUs()).isEqualTo(7.0);
        assertThat(pod.sla().migration().maxDowntimeMs()).isEqualTo(3.25);
        assertThat(pod.timeouts().commandSeconds()).isEqualTo(42);
        assertThat(pod.node("node1").port()).isEqualTo(2222);
        assertThat(pod.node("node1").cpus().stress()).hasToString("0-1");
        assertThat(pod.node("guest1").port()).isEqualTo(6000);
        assertThat(pod.hostKeys().policy()).isEqualTo(HostKeyChecking.TRUST_ON_FIRST_USE);
        assertThat(pod.scripts().guest()).isEqualTo(pods.configDir.resolve("pods/other/guest"));
        assertThat(pod.description()).isEqualTo("CI pod");
        assertThat(pod.node("jump").keyFile()).isEqualTo(Path.of("/secrets/id_jump"));
        assertThat(pod.sla().oslat().p999Us()).isEqualTo(4.5);
        assertThat(pod.sla().oslat().maxUs()).as("an oslat bound nobody set").isNull();
        assertThat(pod.appliedOverrides()).hasSize(12);
    }

    @Test
    void overridesCreateMissingSections() {
        pods.properties.put("kvm4nfv.sla.forwarding.maxLossPercent", "0.5");
        pods.properties.put("kvm4nfv.nodes.guest1.cpus.vcpu", "1");
        PodConfig pod = pods.load("pod");
        assertThat(pod.sla().forwarding().maxLossPercent()).isEqualTo(0.5);
        assertThat(pod.node("guest1").cpus().vcpu()).isEqualTo(CpuSet.of(1));
    }

    @Test
    void emptyValueRemovesTheFileValue() {
        pods.properties.put("kvm4nfv.sla.cyclictest.avgUs", "");
        assertThat(pods.load("pod").sla().cyclictest().avgUs()).isNull();
    }

    @Test
    void badOverrideValueNamesTheOverride() {
        pods.environment.put("KVM4NFV_NODES_NODE1_PORT", "twenty-two");
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("pod"));
        assertThat(e.getMessage()).contains("pod.yaml:", "nodes[1].port: expected a whole number, got 'twenty-two'",
                "value set by environment variable KVM4NFV_NODES_NODE1_PORT");

        pods.environment.clear();
        pods.properties.put("kvm4nfv.sla.cyclictest.maxUs", "-3");
        PodConfigException negative = catchThrowableOfType(PodConfigException.class, () -> pods.load("pod"));
        assertThat(negative.getMessage()).contains("pod.yaml:32:5: sla.cyclictest.maxUs: must be a finite number",
                "value set by system property kvm4nfv.sla.cyclictest.maxUs");
    }

    @Test
    void unknownPropertyKeyIsAnErrorWithTheNearestKey() {
        pods.properties.put("kvm4nfv.sla.cyclictest.maxUS", "5");
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("pod"));
        assertThat(e.getMessage()).contains("pod.yaml", "system property 'kvm4nfv.sla.cyclictest.maxUS' matches no "
                + "setting of pod 'pod'", "did you mean 'kvm4nfv.sla.cyclictest.maxUs'?");

        pods.properties.clear();
        pods.properties.put("kvm4nfv.nodes.nod1.address", "x");
        assertThat(catchThrowableOfType(PodConfigException.class, () -> pods.load("pod")).suggestion())
                .isEqualTo("kvm4nfv.nodes.node1.address");

        pods.properties.clear();
        pods.properties.put("kvm4nfv.nodes.node1.name", "renamed");
        assertThat(catchThrowableOfType(PodConfigException.class, () -> pods.load("pod")).getMessage())
                .contains("'kvm4nfv.nodes.node1.name' matches no setting");
    }

    @Test
    void unknownEnvironmentVariableIsAnErrorWithTheNearestName() {
        pods.environment.put("KVM4NFV_SLA_CYCLICTEST_MAXU", "5");
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("pod"));
        assertThat(e.getMessage()).contains("environment variable 'KVM4NFV_SLA_CYCLICTEST_MAXU' matches no setting",
                "did you mean 'KVM4NFV_SLA_CYCLICTEST_MAXUS'?");
    }

    @Test
    void selectorsForeignPrefixesAndOtherVariablesAreLeftAlone() {
        pods.properties.put("kvm4nfv.pod", "pod");
        pods.environment.put("KVM4NFV_POD", "pod");
        pods.environment.put("KVM4NFV_CONFIG_DIR", pods.configDir.toString());
        pods.properties.put("kvm4nfv.lab.dir", "/tmp/lab");
        pods.environment.put("KVM4NFV_PUBLISH_INFLUX_URL", "http://127.0.0.1:8086");
        pods.properties.put("java.version", "17");
        pods.environment.put("PATH", "/usr/bin");
        assertThat(pods.loader().load().appliedOverrides()).isEmpty();

        pods.properties.put("kvm4nfv.mytool.flag", "1");
        assertThat(catchThrowableOfType(PodConfigException.class, () -> pods.load("pod"))).isNotNull();
        assertThat(pods.loader().ignoringPrefixes("kvm4nfv.mytool.").load("pod").appliedOverrides()).isEmpty();
    }

    @Test
    void envNameScheme() {
        assertThat(Overrides.envName("kvm4nfv.sla.cyclictest.maxUs")).isEqualTo("KVM4NFV_SLA_CYCLICTEST_MAXUS");
        assertThat(Overrides.envName("kvm4nfv.nodes.node-1.address")).isEqualTo("KVM4NFV_NODES_NODE_1_ADDRESS");
        assertThat(Overrides.templates()).contains("kind", "hostKeys.policy", "nodes.*.address",
                "nodes.*.cpus.stress", "sla.forwarding.maxLossPercent", "timeouts.rebootSeconds")
                .doesNotContain("nodes.*.name");
    }
}
