package io.kvm4nfv.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pods in the repository's config/pods load and say what the README says. */
class ShippedPodsTest {
    private final Path configDir = TestPods.shippedConfigDir();
    private final PodConfigLoader loader = new PodConfigLoader(
            Map.of(PodConfigLoader.CONFIG_DIR_PROPERTY, configDir.toString(), "user.home", "/home/tester"), Map.of(),
            configDir);

    @Test
    void localIsTheDefaultEmbeddedLab() {
        assertThat(loader.podName()).isEqualTo("local");
        PodConfig pod = loader.load();
        assertThat(pod.name()).isEqualTo("local");
        assertThat(pod.kind()).isEqualTo(PodKind.EMBEDDED);
        assertThat(pod.embedded()).isTrue();
        assertThat(pod.source()).isEqualTo(configDir.resolve("pods/local.yaml").toAbsolutePath().normalize());
        assertThat(pod.hostKeys().policy()).isEqualTo(HostKeyChecking.STRICT);
        assertThat(pod.hostKeys().labManaged()).isTrue();
        assertThat(pod.scripts().host()).isEqualTo(pod.directory().resolve("local/host"));
        assertThat(pod.scripts().guest()).isEqualTo(pod.directory().resolve("local/guest"));
        assertThat(pod.jump()).isEmpty();
        assertThat(pod.hosts()).extracting(NodeConfig::name).containsExactly("host");
        assertThat(pod.guests()).extracting(NodeConfig::name).containsExactly("guest");
        NodeConfig host = pod.node("host");
        assertThat(host.address()).isNull();
        assertThat(host.hasConnection()).isFalse();
        assertThat(host.cpus().vcpu()).isEqualTo(CpuSet.of(1));
        assertThat(host.cpus().stress()).isEqualTo(CpuSet.of(0));
        assertThat(pod.node("guest").host()).isEqualTo("host");
        assertThat(pod.sla().cyclictest().maxUs()).isEqualTo(50000.0);
        assertThat(pod.sla().cyclictest().avgUs()).isEqualTo(1000.0);
        // the mission's SLA on QEMU's figures; the STOP to RESUME pause and the guest gap bounded apart
        assertThat(pod.sla().migration().maxTotalMs()).isEqualTo(2000.0);
        assertThat(pod.sla().migration().maxDowntimeMs()).isEqualTo(10.0);
        assertThat(pod.sla().migration().maxStopToResumeMs()).isEqualTo(50.0);
        assertThat(pod.sla().migration().maxGuestGapMs()).isEqualTo(1000.0);
        assertThat(pod.appliedOverrides()).isEmpty();
        assertThat(pod.forwarding().driver()).isEqualTo(ForwardingDriver.NATIVE);
    }

    @Test
    void intelPod10IsATunedSshPodWithAForwardedGuest() {
        PodConfig pod = loader.load("intel-pod10");
        assertThat(pod.kind()).isEqualTo(PodKind.SSH);
        assertThat(pod.jump()).get().extracting(NodeConfig::name).isEqualTo("jumphost");
        assertThat(pod.hosts()).extracting(NodeConfig::name).containsExactly("node1", "node2");
        assertThat(pod.nodes(NodeRole.HOST)).isEqualTo(pod.hosts());
        assertThat(pod.hostKeys().knownHosts()).isEqualTo(pod.directory().resolve("intel-pod10.known_hosts"));
        NodeConfig node1 = pod.node("node1");
        assertThat(node1.via()).isEqualTo("jumphost");
        assertThat(node1.port()).isEqualTo(22);
        assertThat(node1.keyFile()).isEqualTo(Path.of("/home/tester/.ssh/id_rsa_pod10"));
        assertThat(node1.cpus().isolated()).hasToString("11-15,31-35");
        NodeConfig guest = pod.node("guest1");
        assertThat(guest.host()).isEqualTo("node1");
        assertThat(guest.forwardPort()).isEqualTo(5555);
        assertThat(guest.address()).isEqualTo(node1.address());
        assertThat(guest.port()).isEqualTo(5555);
        assertThat(guest.via()).isEqualTo("jumphost");
        assertThat(pod.guestsOf("node1")).containsExactly(guest);
        assertThat(pod.guestsOf("node2")).isEmpty();
        assertThat(pod.sla().cyclictest().maxUs()).isEqualTo(15.0);
        assertThat(pod.sla().cyclictest().avgUs()).isEqualTo(10.0);
        assertThat(pod.timeouts().reboot()).hasSeconds(900);
        assertThat(pod.forwarding().driver()).isEqualTo(ForwardingDriver.VSPERF);
        assertThat(pod.forwarding().vsperf()).isEqualTo(new VsperfConfig("/home/jenkins/vswitchperf",
                "/home/jenkins/vsperfenv/bin/activate", "10_custom.conf", "IxNet", "OvsDpdkVhost", "QemuDpdkVhostUser",
                "/tmp", 7200));
    }

    @Test
    void listsTheShippedPods() {
        assertThat(loader.availablePods()).contains("local", "intel-pod10");
    }

    @Test
    void describesWithoutSurprises() {
        String local = loader.load("local").describe();
        assertThat(local).contains("Pod local (embedded)", "known_hosts written by the lab at runtime",
                "host  host", "(connection set up by the lab)", "cyclictest maxUs=50000 avgUs=1000",
                "migration  maxTotalMs=2000 maxDowntimeMs=10 maxStopToResumeMs=50 maxGuestGapMs=1000", "cpus vcpu=1 stress=0");
        String pod10 = loader.load("intel-pod10").describe();
        assertThat(pod10).contains("Pod intel-pod10 (ssh)", "root@192.0.2.11:22 via jumphost",
                "root@192.0.2.11:5555 (port forward node1:5555 -> guest:22) on node1 via jumphost",
                "key /home/tester/.ssh/id_rsa_pod10", "cyclictest maxUs=15 avgUs=10",
                "timeouts:  command 600 s, connect 30 s, reboot 900 s");
        assertThat(pod10.lines()).hasSizeGreaterThan(10);
    }
}
