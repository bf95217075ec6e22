package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded lab's p2p path for real: namespaces, veths, a software switch, sockperf and
 * iperf3 — then checks that nothing with the lab's prefix is left, also after a forced failure,
 * and that the removal takes a bounded time.
 * Needs root, iproute2, sockperf and iperf3 ({@code config/lab/install.sh}).
 */
class NetnsForwardingIT {

    private static final io.kvm4nfv.node.LocalNode NODE = new io.kvm4nfv.node.LocalNode("local");
    private static final String OWNER = NetnsForwardingLab.ownerPrefix(ProcessHandle.current().pid());

    @BeforeAll
    static void requirements() {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        for (String tool : List.of("/usr/bin/sockperf", "/usr/bin/iperf3")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " not installed (config/lab/install.sh)");
        }
        NetnsForwardingLab.sweepStale(NODE, "/tmp");
    }

    @AfterAll
    static void nothingOfThisJvmLeft() {
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void p2pOverAllKvm4nfvFrameSizes() {
        ForwardingRequest request = ForwardingRequest.throughput(Topology.parse("p2p"), FrameSizes.KVM4NFV,
                Duration.ofSeconds(1));
        // a light offered load: the CI machine is shared (load averages above 10 were seen), and a
        // userspace switch that is descheduled long enough drops frames at any rate
        EmbeddedLabOptions options = EmbeddedLabOptions.defaults().withOfferedFps(500);
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE, options, null,
                line -> System.out.println(java.time.LocalTime.now() + " " + line));

        long t0 = System.nanoTime();
        ForwardingResult result = generator.run(request);
        System.out.println("p2p over " + request.frameSizes() + " took " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        assertThat(result.testId()).isEqualTo("phy2phy_tput");
        assertThat(result.deployment()).isEqualTo("p2p");
        assertThat(result.testType()).isIn("OVS_netdev", "Linux_bridge");
        assertThat(result.frameSizes()).extracting(FrameSizeResult::frameSizeBytes).containsExactly(64, 128, 512, 1024, 1518);
        for (FrameSizeResult f : result.frameSizes()) {
            assertThat(f.minLatencyUs()).as("min latency at %d B", f.frameSizeBytes()).isPositive();
            assertThat(f.avgLatencyUs()).isGreaterThanOrEqualTo(f.minLatencyUs()).isLessThan(100_000.0);
            assertThat(f.maxLatencyUs()).isGreaterThanOrEqualTo(f.avgLatencyUs());
            assertThat(f.latencyPercentiles()).isNotEmpty();
            assertThat(f.framesReceived()).isPositive();
            assertThat(f.frameLossPercent()).as("loss at %d B on a loopback path", f.frameSizeBytes()).isZero();
            assertThat(f.throughputRxFps()).isBetween(options.offeredFps() * 0.5, options.offeredFps() * 1.5);
            assertThat(f.throughputRxMbps()).isCloseTo(f.throughputRxFps() * f.frameSizeBytes() * 8 / 1e6,
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void everythingIsRegisteredWithTheReaperBeforeItExistsAndForgottenWhenClosed(@org.junit.jupiter.api.io.TempDir Path temp) {
        EmbeddedLabOptions options = EmbeddedLabOptions.defaults().withOfferedFps(500)
                .withSwitchKind(LabSwitchKind.OVS_NETDEV);
        io.kvm4nfv.lab.LabDirectory directory = io.kvm4nfv.lab.LabDirectory.create(temp.resolve("labs"));
        try (io.kvm4nfv.lab.Reaper reaper = io.kvm4nfv.lab.Reaper.start(directory)) {
            // closed normally: removes everything itself, then forgets the registrations
            NetnsForwardingLab closed = NetnsForwardingLab.create(NODE, options, Topology.parse("p2p"), null, reaper);
            String owner = "fwd:" + closed.prefix();
            assertThat(reaper.registered()).as("registered while the path is up")
                    .anyMatch(l -> l.equals("dir " + owner + " " + closed.runDir()))
                    .anyMatch(l -> l.equals("records " + owner + " " + closed.runDir() + "/procs"))
                    .anyMatch(l -> l.equals("netns " + owner + " " + closed.switchNamespace()))
                    .anyMatch(l -> l.equals("link " + owner + " " + closed.generatorNamespace(0) + " " + closed.prefix() + "p0"))
                    .anyMatch(l -> l.equals("ovs-bridge " + owner + " " + closed.runDir() + "/db.sock " + closed.prefix() + "br"))
                    .anyMatch(l -> l.startsWith("pidfile ") && l.endsWith(closed.runDir() + "/ovs-vswitchd.pid"));
            closed.close();
            assertThat(reaper.registered()).as("forgotten once removed").isEmpty();

            // never closed (as if the JVM died): the reaper alone removes processes, namespaces, links, folder
            NetnsForwardingLab abandoned = NetnsForwardingLab.create(NODE, options, Topology.parse("p2p"), null, reaper);
            abandoned.startInGenerator(1, "sockperf-server", List.of("sockperf", "server", "-i",
                    NetnsForwardingLab.PORT2_ADDRESS, "-p", "11111"));
            assertThat(NetnsForwardingLab.leftovers(NODE, abandoned.prefix(), "/tmp", Duration.ofSeconds(30)))
                    .anyMatch(l -> l.startsWith("netns ")).anyMatch(l -> l.startsWith("process "));
            long t0 = System.nanoTime();
            reaper.reapNow();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(NetnsForwardingLab.leftovers(NODE, abandoned.prefix(), "/tmp", Duration.ofSeconds(30)))
                    .as("left by the reaper").isEmpty();
            assertThat(reaper.registered()).isEmpty();
            System.out.println("the reaper removed the abandoned path " + abandoned.prefix() + " in " + ms + " ms");
        }
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void pvpAndPvvpThroughOvsFlowsAndNamespaceGuests() {
        EmbeddedLabOptions options = EmbeddedLabOptions.defaults().withOfferedFps(500)
                .withSwitchKind(LabSwitchKind.OVS_NETDEV);
        assumeTrue(NODE.exec("command -v ovs-vswitchd && command -v ethtool", Duration.ofSeconds(10)).succeeded(),
                "openvswitch-switch and ethtool not installed");
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE, options,
                new NamespaceGuestForwarders(Duration.ofSeconds(30)), line -> System.out.println(line));
        for (Topology topology : List.of(Topology.parse("pvp"), Topology.parse("pvvp", List.of(2, 4)),
                Topology.parse("pvpv"))) {
            ForwardingResult result = generator.run(ForwardingRequest.throughput(topology, List.of(64, 1518),
                    Duration.ofSeconds(1)));
            System.out.println(topology.describePaths() + ": " + result.frameSizes());
            assertThat(result.deployment()).isEqualTo(topology.deployment().canonicalName());
            assertThat(result.testType()).isEqualTo("OVS_netdev");
            assertThat(result.frameSizes()).allSatisfy(f -> {
                assertThat(f.avgLatencyUs()).isPositive();
                assertThat(f.framesReceived()).isPositive();
            });
        }
        assertThat(everythingOfThisJvm()).isEmpty();
        // guests behind a Linux bridge switch: it learns MACs and cannot steer frames through them
        NetnsTrafficGenerator bridged = new NetnsTrafficGenerator(NODE, options.withSwitchKind(LabSwitchKind.LINUX_BRIDGE),
                new NamespaceGuestForwarders(Duration.ofSeconds(30)), null);
        assertThat(bridged.supports(Topology.parse("pvpv"))).isFalse();
        assertThatThrownBy(() -> bridged.run(ForwardingRequest.throughput(Topology.parse("pvpv"), List.of(64),
                Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use OVS");
    }

    @Test
    void aStalledSwitchDropsFramesOnTheHostAndTheRunSaysSo() throws Exception {
        assumeTrue(NODE.exec("command -v ovs-vswitchd && command -v ethtool", Duration.ofSeconds(10)).succeeded(),
                "openvswitch-switch and ethtool not installed");
        // what a loaded machine does to the userspace switch, on purpose: ovs-vswitchd not running
        // for 300 ms while 1518 B frames arrive at 1000 fps (its receive sockets hold ~90 of them)
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE, EmbeddedLabOptions.defaults()
                .withSwitchKind(LabSwitchKind.OVS_NETDEV), null, line -> {
                    System.out.println(line);
                    log.add(line);
                });
        try (ForwardingPath path = generator.open(Topology.parse("p2p"))) {
            CompletableFuture<ExecResult> stall = CompletableFuture.supplyAsync(() -> NODE.exec("sleep 3;"
                    + " read -r p t k < $(ls -d /tmp/" + OWNER + "*run | tail -1)/procs/ovs-vswitchd;"
                    + " kill -STOP $p; sleep 0.3; kill -CONT $p", Duration.ofSeconds(20)));
            ForwardingResult result = path.run(ForwardingRequest.throughput(Topology.parse("p2p"), List.of(1518),
                    Duration.ofSeconds(3)));
            stall.get(30, TimeUnit.SECONDS).requireSuccess();

            System.out.println("with ovs-vswitchd stopped for 300 ms: " + result.frameSize(1518));
            assertThat(result.frameSize(1518).frameLossPercent()).isPositive();
            assertThat(log).anyMatch(l -> l.contains("1518B") && l.contains("dropped by the switch's receive sockets"));
        }
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void ovsThatDoesNotStartFallsBackToTheBridgeOrFailsCleanly() {
        // a node on which starting the OVS daemons fails (as without permissions or a broken install)
        io.kvm4nfv.node.Node brokenOvs = new io.kvm4nfv.node.Node() {
            @Override
            public String name() {
                return "local-without-ovs";
            }

            @Override
            public ExecResult exec(String command, io.kvm4nfv.node.ExecOptions options) {
                return NODE.exec(command.contains("ovsdb-server ") ? "echo 'ovsdb-server: no' >&2; exit 1" : command,
                        options);
            }

            @Override
            public void upload(Path local, String remotePath, Duration timeout) {
                NODE.upload(local, remotePath, timeout);
            }

            @Override
            public io.kvm4nfv.node.RebootResult reboot(io.kvm4nfv.node.RebootOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        ForwardingRequest request = ForwardingRequest.throughput(Topology.parse("p2p"), List.of(64), Duration.ofSeconds(1));
        ForwardingResult viaBridge = new NetnsTrafficGenerator(brokenOvs, EmbeddedLabOptions.defaults().withOfferedFps(500),
                null, System.out::println).run(request);
        assertThat(viaBridge.testType()).isEqualTo("Linux_bridge");
        assertThat(viaBridge.frameSize(64).avgLatencyUs()).isPositive();

        assertThatThrownBy(() -> new NetnsTrafficGenerator(brokenOvs,
                EmbeddedLabOptions.defaults().withSwitchKind(LabSwitchKind.OVS_NETDEV), null, null).run(request))
                .isInstanceOf(ForwardingFailedException.class)
                .hasMessageContaining("start ovsdb-server and ovs-vswitchd").hasMessageContaining("ovsdb-server: no");
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void generatorKilledMidRunFailsAndLeavesNothingWithinABoundedTime() {
        ForwardingRequest request = ForwardingRequest.throughput(Topology.parse("p2p"), List.of(64, 1518),
                Duration.ofSeconds(3));
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        NetnsTrafficGenerator generator = new NetnsTrafficGenerator(NODE, EmbeddedLabOptions.defaults(), null, log::add);

        CompletableFuture<ForwardingResult> run = CompletableFuture.supplyAsync(() -> generator.run(request));
        // the sockperf client of this JVM's lab, by the record it writes of itself before it runs
        String find = "for f in /tmp/" + OWNER + "*run/procs/sockperf-client; do [ -f \"$f\" ] || continue;"
                + " read -r p t k < \"$f\"; tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -q '^sockperf ping-pong'"
                + " && echo $p; done; true";
        String[] victim = new String[1];
        await().atMost(30, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS).until(() -> {
            ExecResult r = NODE.exec(find, Duration.ofSeconds(10));
            victim[0] = r.stdoutText().trim();
            return !victim[0].isEmpty();
        });
        NODE.exec("kill -9 " + victim[0].split("\\s+")[0], Duration.ofSeconds(10)).requireSuccess();
        long killed = System.nanoTime();

        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ForwardingFailedException.class)
                .cause().hasMessageContaining("sockperf ping-pong at 64 B").hasMessageContaining("KILL");
        long failedAfterMs = (System.nanoTime() - killed) / 1_000_000;
        // the removal reads only the lab's records, never the process table: SIGKILL, at most
        // KILL_WAIT for the processes to die, then namespaces and the run directory
        long removedMs = log.stream().filter(l -> l.contains(" removed in ")).mapToLong(l ->
                Long.parseLong(l.replaceAll(".* removed in (\\d+) ms.*", "$1"))).findFirst().orElseThrow();
        System.out.println("failure reported " + failedAfterMs + " ms after the kill; path removed in " + removedMs + " ms");
        assertThat(removedMs).isLessThan(NetnsForwardingLab.KILL_WAIT.plusSeconds(5).toMillis());
        assertThat(failedAfterMs).isLessThan(20_000);
        assertThat(everythingOfThisJvm()).isEmpty();
    }

    @Test
    void staleLabOfACrashedOwnerIsSweptAndALiveOwnersLabIsNot() {
        // a "crashed run": a lab with a server whose owner pid does not exist, left as a crash leaves it
        long deadOwner = 4_194_303;  // above the default pid_max of 32768/4194304 range used by live processes
        assumeTrue(!Files.exists(Path.of("/proc/" + deadOwner)), "pid in use");
        EmbeddedLabOptions options = EmbeddedLabOptions.defaults().withSwitchKind(LabSwitchKind.LINUX_BRIDGE);
        NetnsForwardingLab crashed = NetnsForwardingLab.create(NODE, options.withOwnerPid(deadOwner),
                Topology.parse("p2p"), null);
        long server = crashed.startInGenerator(1, "sleeper", List.of("sleep", "300")).pgid();
        NetnsForwardingLab live = NetnsForwardingLab.create(NODE, options, Topology.parse("p2p"), null);
        try {
            assertThat(NetnsForwardingLab.leftovers(NODE, crashed.prefix(), "/tmp", Duration.ofSeconds(10)))
                    .anyMatch(s -> s.startsWith("netns ")).anyMatch(s -> s.startsWith("dir "))
                    .anyMatch(s -> s.equals("process " + server + " group sleeper"));

            long t0 = System.nanoTime();
            List<String> swept = NetnsForwardingLab.sweepStale(NODE, "/tmp");
            long sweptMs = (System.nanoTime() - t0) / 1_000_000;

            System.out.println("swept " + swept + " in " + sweptMs + " ms");
            assertThat(swept).contains(crashed.prefix()).doesNotContain(live.prefix());
            assertThat(NetnsForwardingLab.leftovers(NODE, crashed.prefix(), "/tmp", Duration.ofSeconds(10))).isEmpty();
            assertThat(io.kvm4nfv.node.DetachedProcess.groupAlive(NODE, server)).isFalse();
            assertThat(NetnsForwardingLab.leftovers(NODE, live.prefix(), "/tmp", Duration.ofSeconds(10)))
                    .anyMatch(s -> s.startsWith("netns ")).anyMatch(s -> s.startsWith("dir "));
            assertThat(live.problem()).isEmpty();
            assertThat(sweptMs).isLessThan(20_000);
        } finally {
            live.close();
        }
    }

    private static List<String> everythingOfThisJvm() {
        // every lab of this JVM shares OWNER; look for anything carrying it
        String script = "P='" + OWNER + "'; ip netns list | awk '{print $1}' | grep -F -- \"$P\" | sed 's/^/netns /';"
                + " ip -o link show | awk -F': ' '{print $2}' | grep -F -- \"$P\" | sed 's/^/link /';"
                + " ls -1d /tmp/\"$P\"* 2>/dev/null | sed 's/^/dir /';"
                + " grep -lzF -- \"" + NetnsForwardingLab.RUN_MARKER + "=$P\" /proc/[0-9]*/environ 2>/dev/null"
                + " | while read f; do p=${f#/proc/}; p=${p%/environ}; s=$(cat /proc/$p/stat 2>/dev/null) || continue;"
                + " r=${s##*) }; [ \"${r%% *}\" = Z ] || echo \"process $p\"; done; true";
        // an independent check, on purpose through the whole process table (marker K4N_RUN): slow on a
        // loaded machine, which is why the lab itself never does this
        return NODE.exec(script, Duration.ofSeconds(90)).requireSuccess().stdoutTail();
    }
}
