package io.kvm4nfv.junit;

import io.kvm4nfv.fault.Kit;
import io.kvm4nfv.lab.Accelerator;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.SshLab;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.probe.forwarding.Topology;
import io.kvm4nfv.probe.forwarding.TrafficGenerators;
import io.kvm4nfv.lab.SshPodFixture;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.probe.forwarding.NetnsForwardingLab;
import io.kvm4nfv.result.ForwardingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code @PacketForwarding} with {@code forwarding.driver: native} on a real pod, through the
 * annotation as a user writes it: a {@code kind: ssh} pod whose host is this machine behind a real
 * OpenSSH sshd ({@link SshPodFixture}). The lab builds the library's own path on the host over SSH
 * — namespaces, veth, a private OVS (datapath netdev), sockperf and iperf3, and for pvp/pvvp/pvpv/pvvp3 QEMU
 * guests started there from the lab's guest image uploaded to the host — and every frame size
 * delivers frames, recorded in {@code results.jsonl}. Afterwards nothing of the run is left on the
 * host: no namespace, link, process (OVS daemons, servers, QEMUs carry the path's marker), no
 * folder; and a folder of forwarding VMs that a dead run left there is swept. (Timing is monitored, not judged: TCG on CI.)
 */
class SshPodPacketForwardingIT {

    private static final LocalNode HOST = new LocalNode("host");

    @TempDir
    static Path temp;
    private static SshPodFixture fixture;
    static final Map<String, ForwardingResult> measured = new ConcurrentHashMap<>();
    /** The prefix of every name the run's paths made on the host: {@code k4n-<owner pid>x}. */
    static final Set<String> owners = ConcurrentHashMap.newKeySet();
    /** The folders the host's forwarding VMs live in while the run lasts. */
    static final Set<String> vmFolders = ConcurrentHashMap.newKeySet();

    @Kvm4nfvTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class ForwardingOnTheSshPod {

        @Test
        @PacketForwarding(deployment = "p2p", frameSizes = {64, 1518}, durationSeconds = 2)
        void a_p2p(ForwardingResult result, Lab lab) {
            seen("p2p", result, lab);
        }

        @Test
        @PacketForwarding(deployment = "pvp", frameSizes = {64, 1518}, durationSeconds = 2)
        void b_pvp(ForwardingResult result, Lab lab) {
            seen("pvp", result, lab);
        }

        @Test
        @PacketForwarding(deployment = "pvvp", frameSizes = {64, 1518}, durationSeconds = 2)
        void c_pvvp(ForwardingResult result, Lab lab) {
            seen("pvvp", result, lab);
        }

        @Test
        @PacketForwarding(deployment = "pvpv", frameSizes = {64, 1518}, durationSeconds = 2)
        void d_pvpv(ForwardingResult result, Lab lab) {
            seen("pvpv", result, lab);
        }

        @Test
        @PacketForwarding(deployment = "pvvp3", frameSizes = {64, 1518}, durationSeconds = 2)
        void e_pvvp3(ForwardingResult result, Lab lab) {
            seen("pvvp3", result, lab);
        }

        private static void seen(String deployment, ForwardingResult result, Lab lab) {
            measured.put(deployment, result);
            owners.add(NetnsForwardingLab.ownerPrefix(lab.forwardingHost(lab.hosts().get(0)).ownerPid()));
            vmFolders.addAll(HOST.exec("for d in /tmp/k4n-vm-*; do ls \"$d\" 2>/dev/null | grep -q '^"
                    + String.join("\\|^", owners) + "' && echo \"$d\"; done; true", Duration.ofSeconds(10))
                    .stdoutTail().stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
    }

    @BeforeAll
    static void writeThePod() {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and taps need root");
        assumeTrue(HOST.exec("command -v ovs-vswitchd && command -v sockperf && command -v iperf3"
                + " && command -v qemu-system-x86_64", Duration.ofSeconds(10)).succeeded(),
                "needs config/lab/install.sh (OVS, sockperf, iperf3, QEMU)");
        fixture = SshPodFixture.create(temp, """
                sla:
                  action: monitor
                forwarding:
                  driver: native
                """);
    }

    @AfterAll
    static void giveBackTheHost() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void forwardsOnTheSshPodThroughTheAnnotation() throws Exception {
        Path results = temp.resolve("results");
        Map<String, String> properties = new HashMap<>(fixture.selection());
        properties.putAll(Kit.labProperties(temp.resolve("labs")));

        // what a crashed run left: a forwarding VM folder whose owner is gone (no pid is that large)
        Path stale = Files.createDirectory(Path.of("/tmp/k4n-vm-stale" + ProcessHandle.current().pid()));
        Files.writeString(stale.resolve("owner"), "4194305000 -\n");
        Files.writeString(stale.resolve("vmlinux"), "left by a crashed run");

        long t0 = System.nanoTime();
        EngineExecutionResults run = Kit.run(Duration.ofMinutes(10), properties,
                Map.of("kvm4nfv.publish.resultsDir", results.toString()), ForwardingOnTheSshPod.class);
        System.out.printf("ssh pod, native forwarding p2p/pvp/pvvp/pvpv/pvvp3: %d s%n", (System.nanoTime() - t0) / 1_000_000_000);

        assertThat(Kit.problems(run)).extracting(Kit.Outcome::messages).isEmpty();
        assertThat(run.testEvents().succeeded().count()).isEqualTo(5);
        for (String deployment : List.of("p2p", "pvp", "pvvp", "pvpv", "pvvp3")) {
            ForwardingResult result = measured.get(deployment);
            assertThat(result.deployment()).isEqualTo(deployment);
            assertThat(result.generator()).isEqualTo("sockperf+iperf3");
            assertThat(result.frameSizes()).extracting(f -> f.frameSizeBytes()).containsExactly(64, 1518);
            assertThat(result.frameSizes()).allSatisfy(f -> {
                assertThat(f.framesReceived()).as(deployment + " " + f.frameSizeBytes() + " B").isPositive();
                assertThat(f.avgLatencyUs()).isPositive();
            });
            System.out.println("ssh pod " + deployment + ": " + result.frameSizes());
        }
        List<String> recorded = Files.readAllLines(results.resolve("results.jsonl"));
        System.out.println("results.jsonl: " + recorded.size() + " lines, the first: " + recorded.get(0));
        for (String deployment : List.of("p2p", "pvp", "pvvp", "pvpv", "pvvp3")) {
            assertThat(recorded).as("recorded " + deployment).anySatisfy(l -> assertThat(l)
                    .contains("\"kind\":\"forwarding\"").contains("\"deployment\":\"" + deployment + "\"")
                    .contains("\"frameSizeBytes\":64").contains("\"frameSizeBytes\":1518").contains("\"framesReceived\":"));
        }

        assertThat(stale).as("a dead run's forwarding VM folder is swept").doesNotExist();
        // the pod's lab closed with the run: nothing of its paths or guests is left on the host
        assertThat(owners).hasSize(1);
        assertThat(vmFolders).as("the guests ran from an uploaded image").hasSize(1);
        String owner = owners.iterator().next();
        String vmFolder = vmFolders.iterator().next();
        assertThat(leftOnHost(owner, vmFolder)).as("left on the host by " + owner + " / " + vmFolder).isEmpty();
    }

    /**
     * A run whose connection to the host dies with its pvp path up (as when the JVM is killed) leaves
     * the path, its QEMU and the uploaded image on the host — there is no reaper there; the next
     * lab's path sweeps all of it, because its owner, the dead connection's SSH session, is gone.
     */
    @Test
    void aRunWhoseConnectionDiedIsSweptByTheNext() {
        String accel = System.setProperty(Accelerator.OVERRIDE_PROPERTY, "tcg");
        try {
            SshLab dying = SshLab.open(fixture.pod());
            Node host = dying.hosts().get(0);
            String owner = NetnsForwardingLab.ownerPrefix(dying.forwardingHost(host).ownerPid());
            TrafficGenerators.forLab(dying, System.out::println).open(Topology.parse("pvp"));
            String vmFolder = HOST.exec("for d in /tmp/k4n-vm-*; do ls \"$d\" | grep -q '^" + owner + "' && echo \"$d\";"
                    + " done; true", Duration.ofSeconds(10)).stdoutText().trim();
            assertThat(vmFolder).startsWith("/tmp/k4n-vm-");
            host.close();  // the connection drops: nothing of the path is removed
            assertThat(leftOnHost(owner, vmFolder)).contains("netns " + owner, "folder " + vmFolder, "process ");

            try (SshLab next = SshLab.open(fixture.pod())) {
                Node nextHost = next.hosts().get(0);
                assertThat(NetnsForwardingLab.ownerPrefix(next.forwardingHost(nextHost).ownerPid())).isNotEqualTo(owner);
                NetnsForwardingLab.sweepStale(nextHost, "/tmp");
                TrafficGenerators.forLab(next, System.out::println).open(Topology.parse("pvp")).close();
            }
            assertThat(leftOnHost(owner, vmFolder)).as("left on the host by the dead " + owner).isEmpty();
            dying.close();
        } finally {
            if (accel == null) {
                System.clearProperty(Accelerator.OVERRIDE_PROPERTY);
            } else {
                System.setProperty(Accelerator.OVERRIDE_PROPERTY, accel);
            }
        }
    }

    /**
     * What of the run owned by {@code owner} is on the host: namespaces, links, folders, and processes
     * (marked with the path's prefix, or a QEMU, socat or OVS daemon that names one of its folders).
     */
    static String leftOnHost(String owner, String vmFolder) {
        return HOST.exec("ip netns list | awk '{print $1}' | grep '^" + owner + "' | sed 's/^/netns /'; "
                + "ip -o link show | awk -F': ' '{print $2}' | grep '^" + owner + "' | sed 's/^/link /'; "
                + "ls -d /tmp/" + owner + "* " + vmFolder + " 2>/dev/null | sed 's/^/folder /'; "
                + "grep -l 'K4N_RUN=" + owner + "' /proc/[0-9]*/environ 2>/dev/null | sed 's/^/process /'; "
                + "for p in $(pgrep -f 'qemu-system|socat|ovs-vswitchd|ovsdb-server'); do [ \"$p\" = $$ ] && continue; "
                + "tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -q -e " + vmFolder + " -e /tmp/" + owner
                + " && echo \"process $p $(tr '\\0' ' ' < /proc/$p/cmdline)\"; done; true", Duration.ofSeconds(30))
                .stdoutText().trim();
    }
}
