package io.kvm4nfv.junit;

import io.kvm4nfv.fault.Kit;
import io.kvm4nfv.probe.forwarding.NicAttachment;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.testing.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code vsperf} forwarding driver end to end on a {@code kind: ssh} pod whose host is this
 * machine behind a real OpenSSH sshd (strict known_hosts): the pod's {@code forwarding.vsperf}
 * points at a temporary VSPERF folder holding a stand-in {@code vsperf}
 * ({@code src/test/resources/vsperf/stand-in-vsperf.sh}: it checks its arguments as VSPERF does,
 * records them and writes {@code results_<date>_<time>/result_<test>_<deployment>.csv} in VSPERF's
 * layout and columns). No real VSPERF runs, no packet is forwarded: what is proved is the path —
 * the pod's settings and the annotation's overrides become VSPERF's command line, run over SSH in
 * VSPERF's folder and virtualenv, and its result file becomes a {@link ForwardingResult} per frame
 * size, recorded in {@code results.jsonl}; a VSPERF that fails fails the test with its exit status
 * and the end of its log.
 */
class VsperfPodEndToEndIT {

    @TempDir
    static Path temp;
    private static OpenSshServer sshd;
    static final Map<String, ForwardingResult> measured = new ConcurrentHashMap<>();

    @Kvm4nfvTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OnAVsperfPod {
        @Test
        @Order(1)
        @PacketForwarding(deployment = "pvp", durationSeconds = 1)
        void podSettings(ForwardingResult result) {
            measured.put("pod", result);
        }

        @Test
        @Order(2)
        @PacketForwarding(deployment = "pvp", trafficgen = "Trex", vnf = "QemuDpdkVhostUser", frameSizes = {64, 1518},
                durationSeconds = 2)
        void annotationOverrides(ForwardingResult result) {
            measured.put("overrides", result);
        }

        @Test
        @Order(3)
        @PacketForwarding(deployment = "pvp", nics = NicAttachment.SRIOV, confFile = "sriov.conf", frameSizes = 64,
                durationSeconds = 1)
        void sriov(ForwardingResult result) {
            measured.put("sriov", result);
        }

        @Test
        @Order(4)
        @PacketForwarding(deployment = "pvp", confFile = "failing.conf", durationSeconds = 1)
        void vsperfFails() {
        }
    }

    @BeforeAll
    static void startSshd() {
        sshd = OpenSshServer.start(temp.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
        sshd = null;
    }

    @Test
    void vsperfRunsAsThePodAndTheAnnotationSayAndItsResultsAreRecorded() throws IOException {
        Path vsperfDir = standInVsperf();
        EngineExecutionResults run = Kit.runOnPod(Duration.ofMinutes(3), temp, writePod(vsperfDir), "vsperf-pod",
                OnAVsperfPod.class);
        Path results = temp.resolve("results");

        // three runs passed; the fourth failed, naming VSPERF's exit status and the end of its log
        assertThat(run.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(Kit.problems(run)).singleElement().satisfies(p -> {
            assertThat(p.test()).isEqualTo("vsperfFails()");
            assertThat(p.messages()).contains("VSPERF pvp_tput on node1 failed: exit 1 (command: cd " + vsperfDir)
                    .contains("--conf-file failing.conf")
                    .contains("line(s) of its log ---")
                    .contains("Failed to run test: pvp_tput")
                    .contains("RuntimeError: Not enough hugepages free to run test.");
        });

        // the command lines VSPERF got: the pod's settings, then each test's overrides
        String params = "TRAFFIC={'traffic_type':'rfc2544_throughput','bidir':'False'};GUEST_NICS_NR=[2]";
        assertThat(invocation(vsperfDir, 1)).containsExactly("--conf-file", "10_custom.conf", "--vswitch", "OvsVanilla",
                "--vnf", "QemuVirtioNet", "--trafficgen", "Dummy", "--test-params",
                "TRAFFICGEN_PKT_SIZES=(64,128,512,1024,1518);TRAFFICGEN_DURATION=1;" + params, "--tests", "pvp_tput");
        assertThat(invocation(vsperfDir, 2)).containsExactly("--conf-file", "10_custom.conf", "--vswitch", "OvsVanilla",
                "--vnf", "QemuDpdkVhostUser", "--trafficgen", "Trex", "--test-params",
                "TRAFFICGEN_PKT_SIZES=(64,1518);TRAFFICGEN_DURATION=2;" + params, "--tests", "pvp_tput");
        assertThat(invocation(vsperfDir, 3)).containsExactly("--conf-file", "sriov.conf", "--vswitch", "none",
                "--vnf", "QemuPciPassthrough", "--trafficgen", "Dummy", "--test-params",
                "TRAFFICGEN_PKT_SIZES=(64,);TRAFFICGEN_DURATION=1;" + params, "--tests", "pvp_tput");
        assertThat(invocation(vsperfDir, 4)).startsWith("--conf-file", "failing.conf");
        assertThat(vsperfDir.resolve("invocation-5.args")).doesNotExist();

        // each CSV became one figure set per frame size (the stand-in's avg latency is 10000 + 10 * size ns)
        ForwardingResult pod = measured.get("pod");
        assertThat(pod.generator()).isEqualTo("vsperf/Dummy");
        assertThat(pod.testType()).isEqualTo("OvsVanilla");
        assertThat(pod.deployment()).isEqualTo("pvp");
        assertThat(pod.frameSizes()).extracting(f -> f.frameSizeBytes()).containsExactly(64, 128, 512, 1024, 1518);
        assertThat(pod.frameSize(64).avgLatencyUs()).isEqualTo(10.64);
        assertThat(pod.frameSize(1518).maxLatencyUs()).isEqualTo(100.72);
        assertThat(pod.frameSize(1518).throughputRxMbps()).isEqualTo(12144.0);
        assertThat(pod.frameSize(512).frameLossPercent()).isZero();
        assertThat(pod.rawOutput()).matches(temp.resolve("vsperf-results")
                + "/results_\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d/result_pvp_tput_pvp\\.csv");
        assertThat(measured.get("overrides").generator()).isEqualTo("vsperf/Trex");
        assertThat(measured.get("overrides").frameSizes()).hasSize(2);
        assertThat(measured.get("sriov").testType()).isEqualTo("SRIOV");
        assertThat(measured.get("sriov").frameSize(64).minLatencyUs()).isEqualTo(5.32);

        // recorded: KVM4NFV's case names, figures as numbers
        List<String> recorded = Files.readAllLines(results.resolve("results.jsonl"));
        assertThat(recorded).anySatisfy(line -> assertThat(line).contains("\"kind\":\"forwarding\"")
                .contains("\"name\":\"pvp_tput_OvsVanilla\"").contains("\"generator\":\"vsperf/Dummy\"")
                .contains("\"frameSizeBytes\":1518").contains("\"avgLatencyUs\":25.18"));
        assertThat(recorded).anySatisfy(line -> assertThat(line).contains("\"name\":\"pvp_tput_SRIOV\""));
        try (Stream<Path> dirs = Files.list(temp.resolve("vsperf-results"))) {
            assertThat(dirs.map(d -> d.getFileName().toString())).hasSize(3)
                    .allMatch(d -> d.matches("results_\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d"));
        }
    }

    /** The arguments of the n-th call of the stand-in, one per line as it recorded them. */
    private static List<String> invocation(Path vsperfDir, int n) throws IOException {
        return Files.readAllLines(vsperfDir.resolve("invocation-" + n + ".args"));
    }

    /** A VSPERF folder with the stand-in as {@code ./vsperf}, its conf files and a virtualenv it insists on. */
    private static Path standInVsperf() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("vswitchperf"));
        Path resultsRoot = Files.createDirectories(temp.resolve("vsperf-results"));
        try (InputStream script = VsperfPodEndToEndIT.class.getResourceAsStream("/vsperf/stand-in-vsperf.sh")) {
            Files.write(dir.resolve("vsperf"), script.readAllBytes());
        }
        Files.setPosixFilePermissions(dir.resolve("vsperf"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("require-venv"), "");
        String logDir = "LOG_DIR = '" + resultsRoot + "'\n";
        Files.writeString(dir.resolve("10_custom.conf"), logDir);
        Files.writeString(dir.resolve("sriov.conf"), logDir + "WHITELIST_NICS = ['0000:05:00.0|vf0', '0000:05:00.1|vf0']\n");
        Files.writeString(dir.resolve("failing.conf"), logDir + "STANDIN_EXIT = 1\n");
        Path activate = Files.createDirectories(temp.resolve("vsperfenv/bin")).resolve("activate");
        Files.writeString(activate, "export STANDIN_VENV=1\n");
        return dir;
    }

    /** A pod file as for a real lab with VSPERF on its host, the host being this machine's sshd. */
    private static Path writePod(Path vsperfDir) throws IOException {
        Path pods = Files.createDirectories(temp.resolve("config/pods"));
        Files.writeString(pods.resolve("vsperf-pod.yaml"), """
                kind: ssh
                description: this machine over SSH, with a stand-in VSPERF
                hostKeys: {policy: strict, knownHosts: %s}
                nodes:
                  - {name: node1, role: host, address: 127.0.0.1, port: %d, user: %s, keyFile: %s}
                forwarding:
                  driver: vsperf
                  vsperf:
                    dir: %s
                    venv: %s
                    confFile: 10_custom.conf
                    trafficgen: Dummy
                    vswitch: OvsVanilla
                    vnf: QemuVirtioNet
                    resultsRoot: %s
                    timeoutSeconds: 120
                """.formatted(sshd.knownHosts(), sshd.port(), sshd.user(), sshd.clientKey(), vsperfDir,
                temp.resolve("vsperfenv/bin/activate"), temp.resolve("vsperf-results")));
        return pods.getParent();
    }
}
