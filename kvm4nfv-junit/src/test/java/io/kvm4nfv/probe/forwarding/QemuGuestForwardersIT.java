package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.lab.Accelerator;
import io.kvm4nfv.lab.GuestImage;
import io.kvm4nfv.lab.GuestImageBuilder;
import io.kvm4nfv.lab.LabPaths;
import io.kvm4nfv.lab.LocalForwardingHost;
import io.kvm4nfv.lab.SshKeys;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.result.ForwardingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * pvp and pvpv through real QEMU guests (TCG) that bridge their virtio-net NIC pairs, on the
 * OVS path of the embedded lab; then checks that no QEMU, tap, namespace or directory of this
 * JVM is left, also when the guests do not come up in time.
 */
class QemuGuestForwardersIT {

    private static final LocalNode NODE = new LocalNode("local");
    private static final String OWNER = NetnsForwardingLab.ownerPrefix(ProcessHandle.current().pid());
    private static Path work;
    private static GuestImage image;

    @BeforeAll
    static void requirements() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and taps need root");
        assumeTrue(NODE.exec("command -v ovs-vswitchd && command -v sockperf && command -v iperf3"
                + " && command -v qemu-system-x86_64", Duration.ofSeconds(10)).succeeded(),
                "needs config/lab/install.sh (OVS, sockperf, iperf3, QEMU)");
        work = LabPaths.newRunDir("fwdvm");
        image = GuestImageBuilder.fromConfigDir(work.resolve("guest-image.log")).build();
        SshKeys.ensureEd25519(work.resolve("id_ed25519"), "fwd-it");
    }

    @AfterAll
    static void nothingLeft() {
        if (work != null) {
            LabPaths.deleteRecursively(work);
        }
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    private static QemuGuestForwarders guests(Duration bootTimeout) {
        return new QemuGuestForwarders(new LocalForwardingHost(NODE, image, Accelerator.TCG, work.resolve("id_ed25519"),
                work.resolve("known_hosts"), work, null), bootTimeout, QemuGuestForwarders.DEFAULT_MEMORY_KB,
                line -> System.out.println(java.time.LocalTime.now() + " " + line));
    }

    @Test
    void pvpAndPvpvThroughQemuGuests() {
        EmbeddedLabOptions options = EmbeddedLabOptions.defaults().withOfferedFps(500)
                .withSwitchKind(LabSwitchKind.OVS_NETDEV);
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE, options, guests(Duration.ofSeconds(120)),
                System.out::println);
        for (Topology topology : List.of(Topology.parse("pvp"), Topology.parse("pvpv"))) {
            long t0 = System.nanoTime();
            ForwardingResult result = generator.run(ForwardingRequest.throughput(topology, List.of(64, 1518),
                    Duration.ofSeconds(1)));
            System.out.println(topology.describePaths() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
                    + result.frameSizes());
            assertThat(result.deployment()).isEqualTo(topology.deployment().canonicalName());
            assertThat(result.frameSizes()).allSatisfy(f -> {
                assertThat(f.avgLatencyUs()).isPositive();
                assertThat(f.framesReceived()).isPositive();
            });
            assertThat(everythingOfThisJvm()).isEmpty();
        }
    }

    @Test
    void runsShareOneBootedPathWhichIsRebuiltWhenItsGuestDies() {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE, EmbeddedLabOptions.defaults().withOfferedFps(500)
                .withSwitchKind(LabSwitchKind.OVS_NETDEV), guests(Duration.ofSeconds(120)), line -> {
                    System.out.println(java.time.LocalTime.now() + " " + line);
                    log.add(line);
                });
        try (SharedTrafficGenerator shared = new SharedTrafficGenerator(generator, log::add)) {
            for (int size : List.of(64, 1518)) {
                ForwardingResult result = shared.run(ForwardingRequest.throughput(Topology.parse("pvp"), List.of(size),
                        Duration.ofSeconds(1)));
                assertThat(result.frameSize(size).framesReceived()).isPositive();
            }
            assertThat(log).filteredOn(l -> l.startsWith("forwarding path ") && l.contains(" up with ")).hasSize(1);
            assertThat(log).filteredOn(l -> l.startsWith("reusing the running")).hasSize(1);

            // the guest dies between two tests: the next run gets a new path, not a broken one
            String qemu = NODE.exec("for f in /tmp/" + OWNER + "*run/procs/qemu-*; do read -r p t k < \"$f\"; echo $p;"
                    + " done", Duration.ofSeconds(10)).requireSuccess().stdoutText().trim();
            assertThat(qemu).matches("\\d+");
            NODE.exec("kill -9 " + qemu, Duration.ofSeconds(10)).requireSuccess();
            // QEMU is the JVM's child: once reaped, its /proc entry is gone
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !Files.exists(Path.of("/proc/" + qemu)));
            ForwardingResult again = shared.run(ForwardingRequest.throughput(Topology.parse("pvp"), List.of(64),
                    Duration.ofSeconds(1)));
            assertThat(again.frameSize(64).framesReceived()).isPositive();
            assertThat(log).anyMatch(l -> l.startsWith("rebuilding the") && l.contains("is not running"));
            assertThat(log).filteredOn(l -> l.startsWith("forwarding path ") && l.contains(" up with ")).hasSize(2);
        }
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void guestsThatDoNotBootInTimeFailAndLeaveNothing() {
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE,
                EmbeddedLabOptions.defaults().withSwitchKind(LabSwitchKind.OVS_NETDEV), guests(Duration.ofMillis(200)), null);
        assertThatThrownBy(() -> generator.run(ForwardingRequest.throughput(Topology.parse("pvvp"), List.of(64),
                Duration.ofSeconds(1)))).isInstanceOf(ForwardingFailedException.class)
                .hasMessageContaining("did not answer SSH");
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    private static List<String> everythingOfThisJvm() {
        String script = "P='" + OWNER + "'; ip netns list | awk '{print $1}' | grep -F -- \"$P\" | sed 's/^/netns /';"
                + " ip -o link show | awk -F': ' '{print $2}' | grep -F -- \"$P\" | sed 's/^/link /';"
                + " ip -o link show | awk -F': ' '{print $2}' | grep '^kt" + Long.toString(ProcessHandle.current().pid(), 36)
                + "' | sed 's/^/tap /';"
                + " ls -1d /tmp/\"$P\"* 2>/dev/null | sed 's/^/dir /';"
                + " grep -lzF -- \"" + NetnsForwardingLab.RUN_MARKER + "=$P\" /proc/[0-9]*/environ 2>/dev/null"
                + " | while read f; do p=${f#/proc/}; p=${p%/environ}; s=$(cat /proc/$p/stat 2>/dev/null) || continue;"
                + " r=${s##*) }; [ \"${r%% *}\" = Z ] || echo \"process $p\"; done; true";
        // independent of the lab's records, through the whole process table: slow on a loaded machine
        return NODE.exec(script, Duration.ofSeconds(90)).requireSuccess().stdoutTail();
    }
}
