package io.kvm4nfv.fault;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.TestExecutionResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in what the user wrote, seen through the extension as a build sees them: a pod
 * file with hostile values (shell syntax, paths out of the config folder, 100 kB strings)
 * or broken YAML, and setup annotations naming scripts with shell syntax or path
 * traversal. Each fails its test with an {@link ExtensionConfigurationException} that
 * names the file, line and column (or the annotation and attribute); nothing is executed,
 * no lab is started.
 */
class ConfigurationFaultsIT {

    @TempDir
    Path temp;
    private Path config;
    private Path labs;
    private Path marker;

    /** Selects its pod with {@code -Dkvm4nfv.pod}. */
    @Kvm4nfvTest
    static class OnSelectedPod {
        @Test
        @HostSetup("host-setup0.sh")
        void setUp(PodConfig pod) {
        }
    }

    @Kvm4nfvTest
    static class HostileScriptNames {
        @Test
        @HostSetup("host-setup0.sh; touch /tmp/kvm4nfv-fault-pwned")
        void shellSyntax() {
        }

        @Test
        @HostSetup("../../../../../../etc/passwd")
        void pathTraversal() {
        }

        @Test
        @HostSetup({"host-setup0.sh", "$(reboot)"})
        void commandSubstitution() {
        }

        @Test
        @HostSetup("/bin/sh")
        void absolutePath() {
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        config = FaultLab.copyOfConfig(temp.resolve("config"));
        labs = temp.resolve("labs");
        marker = temp.resolve("pwned");
    }

    private Kit.Outcome runOnPod(String pod, String yaml) throws Exception {
        Files.writeString(config.resolve("pods").resolve(pod + ".yaml"), yaml);
        var results = Kit.run(Kit.labProperties(labs, "kvm4nfv.config.dir", config.toString(), "kvm4nfv.pod", pod),
                Map.of(), OnSelectedPod.class);
        List<Kit.Outcome> problems = Kit.problems(results);
        assertThat(problems).as("the test must not pass on pod %s", pod).hasSize(1);
        Kit.Outcome outcome = problems.get(0);
        assertThat(outcome.status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcome.throwable()).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(labs).as("no lab was started").doesNotExist();
        assertThat(marker).as("nothing of the file was executed").doesNotExist();
        return outcome;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed YAML (unclosed flow sequence) | nodes:\\n  - name: host\\n    role: [host\\n
            tab indentation                         | kind: embedded\\nnodes:\\n\\t- name: host\\n
            unknown key                             | kind: embedded\\nnodez: []\\n
            """)
    void brokenYamlNamesFileLineAndColumn(String what, String yaml) throws Exception {
        Kit.Outcome outcome = runOnPod("broken", yaml.replace("\\n", "\n").replace("\\t", "\t"));
        assertThat(outcome.throwable().getMessage()).as(what)
                .startsWith("pod configuration: ")
                .containsPattern(java.util.regex.Pattern.quote(config.resolve("pods/broken.yaml").toString())
                        + ":\\d+:\\d+: ");
    }

    @Test
    void shellSyntaxInAScriptDirectoryIsOnlyEverAPathNeverACommand() throws Exception {
        // a script directory need not exist when the pod is loaded (a shipped pod names the
        // directories its owner fills in): the value is a literal path inside the config
        // folder, and the first @HostSetup that needs it names the missing directory
        String local = Files.readString(config.resolve("pods/local.yaml"));
        Kit.Outcome outcome = runOnPod("hostile", local.replace("host: local/host",
                "host: \"local/host; touch " + marker + "\""));
        assertThat(outcome.throwable().getMessage()).startsWith("@HostSetup(value): step 0 'host-setup0.sh' is unknown")
                .contains("no such script in " + config.resolve("pods/local/host; touch " + marker));
    }

    @Test
    void pathTraversalInAScriptDirectoryIsRefused() throws Exception {
        String local = Files.readString(config.resolve("pods/local.yaml"));
        Kit.Outcome outcome = runOnPod("traversal", local.replace("guest: local/guest", "guest: ../../../../etc"));
        assertThat(outcome.throwable().getMessage()).contains("traversal.yaml:19:3: scripts.guest:",
                "outside the config folder");
    }

    @Test
    void shellSyntaxInACpuSetIsRefusedWithItsPosition() throws Exception {
        String local = Files.readString(config.resolve("pods/local.yaml"));
        Kit.Outcome outcome = runOnPod("cpus", local.replace("vcpu: 1 ", "vcpu: \"1; touch " + marker + "\" "));
        assertThat(outcome.throwable().getMessage()).containsPattern("cpus\\.yaml:\\d+:\\d+: nodes\\[0\\]\\.cpus\\.vcpu");
    }

    @Test
    void aHundredKilobyteNodeNameIsRefusedAndShortenedInTheMessage() throws Exception {
        String local = Files.readString(config.resolve("pods/local.yaml"));
        String huge = "h".repeat(100_000);
        Kit.Outcome outcome = runOnPod("long", local.replace("  - name: host\n", "  - name: " + huge + "\n"));
        assertThat(outcome.throwable().getMessage()).containsPattern("long\\.yaml:\\d+:\\d+: ")
                .hasSizeLessThan(2_000);
    }

    @Test
    void scriptNamesWithShellSyntaxOrPathsAreConfigurationErrorsNamingTheAnnotation() {
        var results = Kit.run(Kit.labProperties(labs, "kvm4nfv.config.dir", config.toString(), "kvm4nfv.pod", "local"),
                Map.of(), HostileScriptNames.class);
        List<Kit.Outcome> problems = Kit.problems(results);
        assertThat(results.testEvents().succeeded().count()).isZero();
        assertThat(problems).hasSize(4).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(o.throwable()).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith("@HostSetup(value): step ");
        });
        assertThat(problems).extracting(o -> o.throwable().getMessage())
                .anySatisfy(m -> assertThat(m).contains("'host-setup0.sh; touch /tmp/kvm4nfv-fault-pwned'",
                        "is not a plain script name"))
                .anySatisfy(m -> assertThat(m).contains("'../../../../../../etc/passwd'"))
                .anySatisfy(m -> assertThat(m).contains("'$(reboot)'"))
                .anySatisfy(m -> assertThat(m).contains("'/bin/sh'"));
        assertThat(Path.of("/tmp/kvm4nfv-fault-pwned")).doesNotExist();
        assertThat(labs).as("no lab was started").doesNotExist();
    }
}
