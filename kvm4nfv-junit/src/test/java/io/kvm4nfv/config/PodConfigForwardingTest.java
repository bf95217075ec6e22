package io.kvm4nfv.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pod's {@code forwarding} section: driver, VSPERF settings, defaults, errors and overrides. */
class PodConfigForwardingTest {
    @TempDir
    Path tempDir;
    private TestPods pods;

    private static final String SECTION = """
            forwarding:
              driver: vsperf
              vsperf:
                dir: /opt/vswitchperf
                venv: /opt/vsperfenv/bin/activate
                confFile: 10_custom.conf
                trafficgen: Trex
                vswitch: OvsVanilla
                vnf: QemuVirtioNet
                resultsRoot: /var/tmp
                timeoutSeconds: 3600
            """;

    @BeforeEach
    void setUp() {
        pods = new TestPods(tempDir);
    }

    @Test
    void withoutTheSectionSshPodsRunKvm4nfvsDailyVsperfJobAndEmbeddedPodsTheNativePath() {
        pods.write("pod", TestPods.SSH_POD);
        ForwardingConfig ssh = pods.load("pod").forwarding();
        assertThat(ssh.driver()).isEqualTo(ForwardingDriver.VSPERF);
        assertThat(ssh.vsperf()).isEqualTo(VsperfConfig.KVM4NFV_DAILY);
        assertThat(ssh.vsperf().dir()).isEqualTo("/home/jenkins/vswitchperf");
        assertThat(ssh.vsperf().venv()).isEqualTo("/home/jenkins/vsperfenv/bin/activate");
        assertThat(ssh.vsperf().trafficgen()).isEqualTo("IxNet");
        assertThat(ssh.vsperf().confFile()).isNull();
        assertThat(ssh.vsperf().timeout()).hasHours(2);

        pods.write("emb", """
                kind: embedded
                nodes:
                  - name: host
                    role: host
                """);
        assertThat(pods.load("emb").forwarding().driver()).isEqualTo(ForwardingDriver.NATIVE);
    }

    @Test
    void everyKeyIsRead() {
        pods.write("pod", TestPods.SSH_POD + SECTION);
        PodConfig pod = pods.load("pod");
        VsperfConfig v = pod.forwarding().vsperf();
        assertThat(v).isEqualTo(new VsperfConfig("/opt/vswitchperf", "/opt/vsperfenv/bin/activate", "10_custom.conf",
                "Trex", "OvsVanilla", "QemuVirtioNet", "/var/tmp", 3600));
        assertThat(pod.describe()).contains("forwarding: vsperf in /opt/vswitchperf, --trafficgen Trex --vswitch "
                + "OvsVanilla --vnf QemuVirtioNet --conf-file 10_custom.conf");
    }

    @Test
    void aPartialSectionKeepsTheOtherDefaultsAndNoneMeansNoVirtualenv() {
        pods.write("pod", TestPods.SSH_POD + """
                forwarding:
                  vsperf:
                    trafficgen: Dummy
                    venv: none
                """);
        ForwardingConfig f = pods.load("pod").forwarding();
        assertThat(f.driver()).isEqualTo(ForwardingDriver.VSPERF);
        assertThat(f.vsperf().trafficgen()).isEqualTo("Dummy");
        assertThat(f.vsperf().venv()).isNull();
        assertThat(f.vsperf().vswitch()).isEqualTo("OvsDpdkVhost");
    }

    @Test
    void errorsNameFileLineColumnAndFieldWithSuggestions() {
        // SSH_POD has 33 lines; the section starts on line 34
        PodConfigException typo = load(SECTION.replace("trafficgen: Trex", "trafficegn: Trex"));
        assertThat(typo.getMessage()).contains("bad.yaml:40:5: forwarding.vsperf.trafficegn: unknown key")
                .contains("did you mean 'trafficgen'?");

        PodConfigException driver = load(SECTION.replace("driver: vsperf", "driver: vspref"));
        assertThat(driver.getMessage()).contains("bad.yaml:35:3: forwarding.driver: 'vspref' is not one of: vsperf,"
                + " native").contains("did you mean 'vsperf'?");

        PodConfigException relative = load(SECTION.replace("dir: /opt/vswitchperf", "dir: vswitchperf"));
        assertThat(relative.getMessage()).contains("bad.yaml:37:5: forwarding.vsperf.dir: must be an absolute path");

        PodConfigException injection = load(SECTION.replace("vnf: QemuVirtioNet", "vnf: \"Qemu; reboot\""));
        assertThat(injection.getMessage()).contains("bad.yaml:42:5: forwarding.vsperf.vnf: 'Qemu; reboot' is not a "
                + "VSPERF component name");

        PodConfigException timeout = load(SECTION.replace("timeoutSeconds: 3600", "timeoutSeconds: 0"));
        assertThat(timeout.getMessage()).contains("forwarding.vsperf.timeoutSeconds: must be > 0");
    }

    @Test
    void everyKeyIsOverridable() {
        pods.write("pod", TestPods.SSH_POD + SECTION);
        pods.properties.put("kvm4nfv.forwarding.vsperf.trafficgen", "Dummy");
        pods.environment.put("KVM4NFV_FORWARDING_VSPERF_TIMEOUTSECONDS", "60");
        pods.properties.put("kvm4nfv.forwarding.vsperf.confFile", "");
        PodConfig pod = pods.load("pod");
        assertThat(pod.forwarding().vsperf().trafficgen()).isEqualTo("Dummy");
        assertThat(pod.forwarding().vsperf().timeoutSeconds()).isEqualTo(60);
        assertThat(pod.forwarding().vsperf().confFile()).isNull();
        assertThat(pod.appliedOverrides()).containsKeys("kvm4nfv.forwarding.vsperf.trafficgen",
                "kvm4nfv.forwarding.vsperf.timeoutSeconds");

        // into a pod without the section, and a bad value is named with its origin
        pods.write("plain", TestPods.SSH_POD);
        pods.properties.clear();
        pods.environment.clear();
        pods.properties.put("user.home", tempDir.resolve("home").toString());
        pods.properties.put("kvm4nfv.forwarding.vsperf.vswitch", "OvsDpdkVhost;reboot");
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("plain"));
        assertThat(e.getMessage()).contains("forwarding.vsperf.vswitch").contains("system property");
        pods.properties.put("kvm4nfv.forwarding.vsperf.vswitch", "OvsVanilla");
        pods.properties.put("kvm4nfv.forwarding.driver", "native");
        ForwardingConfig f = pods.load("plain").forwarding();
        assertThat(f.driver()).isEqualTo(ForwardingDriver.NATIVE);
        assertThat(f.vsperf().vswitch()).isEqualTo("OvsVanilla");
    }

    private PodConfigException load(String section) {
        pods.write("bad", TestPods.SSH_POD + section);
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("bad"));
        assertThat(e).as("expected a PodConfigException").isNotNull();
        return e;
    }
}
