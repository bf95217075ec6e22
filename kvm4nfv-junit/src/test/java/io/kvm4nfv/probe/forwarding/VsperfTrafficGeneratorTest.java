package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.config.VsperfConfig;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.ForwardingResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VsperfTrafficGeneratorTest {

    private static final String RESULT_DIR = "/tmp/results_2017-03-14_08-31-22.123456";
    private static final String VSPERF_LOG = "[INFO]  2017-03-14 08:31:22,412 : (root) - Creating result directory: "
            + RESULT_DIR + "\n[INFO]  2017-03-14 08:41:03,001 : (root) - Continuing with next test...";

    private final ForwardingRequest pvp = ForwardingRequest.throughput(Topology.parse("pvp"), FrameSizes.KVM4NFV,
            Duration.ofSeconds(60));

    @Test
    void commandLineOfKvm4nfvDailyJob() {
        VsperfOptions options = VsperfOptions.kvm4nfvDefaults().withConfFile("/home/jenkins/vsperf.conf");
        assertThat(VsperfCommand.commandLine(pvp, options)).isEqualTo(
                "cd /home/jenkins/vswitchperf && . /home/jenkins/vsperfenv/bin/activate && ./vsperf"
                        + " --conf-file /home/jenkins/vsperf.conf --vswitch OvsDpdkVhost --vnf QemuDpdkVhostUser"
                        + " --trafficgen IxNet --test-params 'TRAFFICGEN_PKT_SIZES=(64,128,512,1024,1518);"
                        + "TRAFFICGEN_DURATION=60;TRAFFIC={'\"'\"'traffic_type'\"'\"':'\"'\"'rfc2544_throughput'\"'\"',"
                        + "'\"'\"'bidir'\"'\"':'\"'\"'False'\"'\"'};GUEST_NICS_NR=[2]' --tests pvp_tput");
    }

    @Test
    void argvForEveryOption() {
        ForwardingRequest req = new ForwardingRequest("pvvp_tput", Topology.parse("pvvp", List.of(2, 4)), List.of(64),
                Duration.ofMillis(1500), true);
        VsperfOptions options = VsperfOptions.kvm4nfvDefaults().withMode("trafficgen-off").withTrafficgen("Trex")
                .withTrafficType("rfc2544_continuous").withTestParam("TRAFFICGEN_RFC2544_TESTS", "1")
                .withTestParam("GUEST_LOOPBACK", "['testpmd']");
        assertThat(VsperfCommand.argv(req, options)).containsExactly("./vsperf", "--vswitch", "OvsDpdkVhost",
                "--vnf", "QemuDpdkVhostUser", "--trafficgen", "Trex", "--mode", "trafficgen-off", "--test-params",
                "TRAFFICGEN_PKT_SIZES=(64,);TRAFFICGEN_DURATION=2;"
                        + "TRAFFIC={'traffic_type':'rfc2544_continuous','bidir':'True'};GUEST_NICS_NR=[2, 4];"
                        + "GUEST_LOOPBACK=['testpmd'];TRAFFICGEN_RFC2544_TESTS=1",
                "--tests", "pvvp_tput");
    }

    @Test
    void p2pHasNoVnfNorGuestNicsAndSriovForcesPassthrough() {
        ForwardingRequest p2p = ForwardingRequest.throughput(Topology.parse("phy2phy"), List.of(64, 1518),
                Duration.ofSeconds(30));
        List<String> argv = VsperfCommand.argv(p2p, VsperfOptions.kvm4nfvDefaults());
        assertThat(argv).doesNotContain("--vnf").contains("phy2phy_tput");
        assertThat(String.join(" ", argv)).doesNotContain("GUEST_NICS_NR").contains("TRAFFICGEN_PKT_SIZES=(64,1518)");

        Topology sriov = Topology.of(Deployment.parse("pvp"), List.of(2), NicAttachment.PCI_PASSTHROUGH);
        ForwardingRequest req = ForwardingRequest.throughput(sriov, List.of(64), Duration.ofSeconds(10));
        assertThat(VsperfCommand.argv(req, VsperfOptions.kvm4nfvDefaults()))
                .containsSequence("--vswitch", "none").containsSequence("--vnf", "QemuPciPassthrough");
    }

    @Test
    void extraParamsCannotOverrideTheRequestNorInject() {
        VsperfOptions dup = VsperfOptions.kvm4nfvDefaults().withTestParam("TRAFFICGEN_DURATION", "5");
        assertThatThrownBy(() -> VsperfCommand.testParams(pvp, dup)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VsperfOptions.kvm4nfvDefaults().withTestParam("X", "1;rm -rf /"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VsperfOptions.kvm4nfvDefaults().withTrafficgen("IxNet; reboot"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VsperfOptions.kvm4nfvDefaults().withMode("fast"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pvp.withTestId("pvp_tput; reboot")).isInstanceOf(IllegalArgumentException.class);
    }

    /** VSPERF answering like a successful pvp_tput run: the log line, the result directory, the CSV. */
    private static ScriptedNode aPvpRun(ScriptedNode node) {
        return node.on("./vsperf", 0, VSPERF_LOG)
                .on("ls -1t", 0, RESULT_DIR + "/result_pvp_tput_pvp.csv")
                .on("cat ", 0, VsperfFixtures.read("result_pvp_tput_pvp.csv"));
    }

    @Test
    void runReadsTheCsvFromTheLoggedResultDirectory() {
        ScriptedNode node = aPvpRun(new ScriptedNode());
        List<String> log = new ArrayList<>();
        ForwardingResult r = new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), log::add).run(pvp);

        assertThat(r.generator()).isEqualTo("vsperf/IxNet");
        assertThat(r.testType()).isEqualTo("OVS_with_DPDK_and_vHost_User");
        assertThat(r.deployment()).isEqualTo("pvp");
        assertThat(r.rawOutput()).isEqualTo(RESULT_DIR + "/result_pvp_tput_pvp.csv");
        assertThat(r.frameSize(1518).avgLatencyUs()).isEqualTo(27.66);
        assertThat(log).anyMatch(l -> l.contains("Creating result directory"));
        assertThat(node.commands).anyMatch(c -> c.startsWith("ls -1t /tmp/results_2017-03-14_08-31-22.123456/"
                + "result_pvp_tput_*.csv"));
        assertThat(node.commands.get(node.commands.size() - 1)).startsWith("rm -f /tmp/kvm4nfv-vsperf-");
    }

    @Test
    void withoutTheLogLineTheNewestCsvOfThisRunIsUsed() {
        ScriptedNode node = new ScriptedNode()
                .on("./vsperf", 0, "no result directory line")
                .on("find /tmp -maxdepth 2", 0, "/tmp/results_x/result_pvp_tput_pvp.csv")
                .on("cat ", 0, VsperfFixtures.read("result_pvp_tput_pvp.csv"));
        ForwardingResult r = new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null).run(pvp);
        assertThat(r.frameSizes()).hasSize(5);
        assertThat(node.commands).anyMatch(c -> c.contains("-newer /tmp/kvm4nfv-vsperf-"));
    }

    @Test
    void missingCsvIsAFailure() {
        ScriptedNode node = new ScriptedNode().on("./vsperf", 0, VSPERF_LOG).on("ls -1t", 0, "");
        assertThatThrownBy(() -> new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null).run(pvp))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("wrote no result file")
                .hasMessageContaining(RESULT_DIR);
        assertThat(node.commands.get(node.commands.size() - 1)).startsWith("rm -f ");
    }

    @Test
    void vsperfFailingIsAFailure() {
        ScriptedNode node = new ScriptedNode().on("./vsperf", 1, "Traceback (most recent call last):\nRuntimeError: x");
        assertThatThrownBy(() -> new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null).run(pvp))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("exit 1")
                .hasMessageContaining("RuntimeError: x");
    }

    @Test
    void zeroReceivedFramesIsAFailure() {
        ForwardingRequest pvvp = ForwardingRequest.throughput(Topology.parse("pvvp"), List.of(64, 1518),
                Duration.ofSeconds(60));
        ScriptedNode node = new ScriptedNode().on("./vsperf", 0, VSPERF_LOG)
                .on("ls -1t", 0, RESULT_DIR + "/result_pvvp_tput_pvvp.csv")
                .on("cat ", 0, VsperfFixtures.read("result_pvvp_tput_pvvp-zero-rx.csv"));
        assertThatThrownBy(() -> new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null).run(pvvp))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("zero frames received");
    }

    @Test
    void anotherDeploymentsCsvIsAFailure() {
        ForwardingRequest pvvp4 = ForwardingRequest.throughput(Topology.parse("pvvp4"), FrameSizes.KVM4NFV,
                Duration.ofSeconds(60)).withTestId("pvp_tput");
        ScriptedNode node = new ScriptedNode().on("./vsperf", 0, VSPERF_LOG)
                .on("ls -1t", 0, RESULT_DIR + "/result_pvp_tput_pvp.csv")
                .on("cat ", 0, VsperfFixtures.read("result_pvp_tput_pvp.csv"));
        assertThatThrownBy(() -> new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null).run(pvvp4))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("pvvp4 was requested");
    }

    /** Remembers attachments by name (the last one of a name wins). */
    static final class RecordingJournal implements Journal {
        final Map<String, String> attachments = new LinkedHashMap<>();

        @Override
        public <T> T step(String name, Callable<T> body) throws Exception {
            return body.call();
        }

        @Override
        public void attach(String name, String mimeType, String fileExtension, byte[] content) {
            attachments.put(name, new String(content, StandardCharsets.UTF_8));
        }

        @Override
        public void note(String message) {
        }

        @Override
        public void skipped(String name, String reason) {
        }
    }

    @Test
    void theCommandItsExitStatusTheLogAndTheCsvAreAttached() {
        ScriptedNode node = aPvpRun(new ScriptedNode());
        RecordingJournal journal = new RecordingJournal();
        new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null, journal).run(pvp);
        assertThat(journal.attachments.get(VsperfTrafficGenerator.COMMAND_ATTACHMENT))
                .startsWith("[dut] cd /home/jenkins/vswitchperf && ").contains("--tests pvp_tput").endsWith("\nexit 0\n");
        assertThat(journal.attachments.get(VsperfTrafficGenerator.LOG_ATTACHMENT)).isEqualTo(VSPERF_LOG + "\n");
        assertThat(journal.attachments.get(VsperfTrafficGenerator.CSV_ATTACHMENT))
                .startsWith("type,id,packet_size,deployment,").contains("pvp_tput,1518,pvp");
    }

    @Test
    void aFailedRunIsAttachedTooAndItsMessageNamesExitStatusAndLogTail() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("RuntimeError: Not enough hugepages free to run test.");
        ScriptedNode node = new ScriptedNode().on("./vsperf", 1, log.toString());
        RecordingJournal journal = new RecordingJournal();
        assertThatThrownBy(() -> new VsperfTrafficGenerator(node, VsperfOptions.kvm4nfvDefaults(), null, journal)
                .run(pvp)).isInstanceOf(ForwardingFailedException.class)
                .hasMessageContaining("VSPERF pvp_tput on dut failed: exit 1 (command: cd /home/jenkins/vswitchperf")
                .hasMessageContaining("last 20 line(s) of its log")
                .hasMessageEndingWith("RuntimeError: Not enough hugepages free to run test.")
                .hasMessageNotContaining("line 11\n");
        assertThat(journal.attachments.get(VsperfTrafficGenerator.COMMAND_ATTACHMENT)).endsWith("\nexit 1\n");
        assertThat(journal.attachments.get(VsperfTrafficGenerator.LOG_ATTACHMENT)).startsWith("line 1\n")
                .contains("Not enough hugepages");
        assertThat(journal.attachments).doesNotContainKey(VsperfTrafficGenerator.CSV_ATTACHMENT);
        assertThat(node.commands.get(node.commands.size() - 1)).startsWith("rm -f ");
    }

    @Test
    void podSettingsMakeTheCommandAndNameTheResult() {
        VsperfOptions pod = VsperfOptions.of(new VsperfConfig("/opt/vsperf", null, "conf/10_custom.conf", "Trex",
                "OvsVanilla", "QemuVirtioNet", "/var/tmp", 600));
        assertThat(VsperfCommand.commandLine(pvp, pod)).startsWith("cd /opt/vsperf && ./vsperf --conf-file "
                + "conf/10_custom.conf --vswitch OvsVanilla --vnf QemuVirtioNet --trafficgen Trex --test-params ");
        assertThat(pod.timeout()).hasSeconds(600);
        assertThat(pod.testType(pvp.topology())).isEqualTo("OvsVanilla");
        assertThat(VsperfOptions.kvm4nfvDefaults().testType(pvp.topology())).isEqualTo("OVS_with_DPDK_and_vHost_User");
        Topology sriov = pvp.topology().withAttachment(NicAttachment.SRIOV);
        assertThat(pod.testType(sriov)).isEqualTo("SRIOV");
        assertThat(pod.testType(sriov.withAttachment(NicAttachment.PCI_PASSTHROUGH))).isEqualTo("PCI_passthrough");
        assertThat(VsperfCommand.argv(pvp.withTopology(sriov), pod)).containsSequence("--vswitch", "none")
                .containsSequence("--vnf", "QemuPciPassthrough").containsSequence("--trafficgen", "Trex");
    }

    @Test
    void srIovNeedsVirtualFunctionsInTheConfFile() {
        ForwardingRequest sriov = pvp.withTopology(pvp.topology().withAttachment(NicAttachment.SRIOV));
        VsperfOptions options = VsperfOptions.kvm4nfvDefaults().withConfFile("sriov.conf");
        ScriptedNode none = new ScriptedNode().on("grep -Eq", 1, "");
        assertThatThrownBy(() -> new VsperfTrafficGenerator(none, options, null).run(sriov))
                .isInstanceOf(ForwardingFailedException.class)
                .hasMessageContaining("sriov.conf in /home/jenkins/vswitchperf names no virtual function in WHITELIST_NICS");
        assertThat(none.commands).singleElement().asString().startsWith("cd /home/jenkins/vswitchperf && grep -Eq")
                .endsWith(" sriov.conf");
        assertThat(none.commands).noneMatch(c -> c.contains("./vsperf"));
        assertThatThrownBy(() -> new VsperfTrafficGenerator(none, VsperfOptions.kvm4nfvDefaults(), null).run(sriov))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a VSPERF conf file");

        ScriptedNode vfs = aPvpRun(new ScriptedNode().on("grep -Eq", 0, ""));
        ForwardingResult r = new VsperfTrafficGenerator(vfs, options, null).run(sriov);
        assertThat(r.testType()).isEqualTo("SRIOV");
        assertThat(vfs.commands).anyMatch(c -> c.contains("./vsperf --conf-file sriov.conf --vswitch none --vnf "
                + "QemuPciPassthrough"));
    }
}
