package io.kvm4nfv.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Values are data: never executed, never allowed to escape the config folder, never echoed when secret. */
class HostileValuesTest {
    @TempDir
    Path tempDir;
    private TestPods pods;

    @BeforeEach
    void setUp() {
        pods = new TestPods(tempDir);
    }

    private PodConfigException fails(String yaml) {
        pods.write("bad", yaml);
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pods.load("bad"));
        assertThat(e).as("expected a PodConfigException").isNotNull();
        return e;
    }

    @Test
    void shellSyntaxIsKeptAsALiteralString() {
        Path marker = tempDir.resolve("pwned");
        String command = "$(touch " + marker + ")";
        pods.write("pod", TestPods.SSH_POD
                .replace("address: 192.0.2.11", "address: \"" + command + "\"")
                .replace("user: jenkins", "user: \"`touch " + marker + "`; rm -rf /\"")
                .replace("keyFile: keys/id_guest", "keyFile: \"keys/id guest'; touch " + marker + "\""));
        pods.properties.put("kvm4nfv.description", "$(touch " + marker + ")");
        PodConfig pod = pods.load("pod");
        assertThat(pod.node("node1").address()).isEqualTo(command);
        assertThat(pod.node("guest1").address()).isEqualTo(command);
        assertThat(pod.node("jump").user()).isEqualTo("`touch " + marker + "`; rm -rf /");
        assertThat(pod.node("guest1").keyFile().toString()).endsWith("keys/id guest'; touch " + marker);
        assertThat(pod.describe()).contains(command);
        assertThat(marker).doesNotExist();
    }

    @Test
    void scriptDirectoriesCannotLeaveTheConfigFolder() {
        PodConfigException up = fails(TestPods.SSH_POD.replace("host: scripts/host", "host: ../../etc"));
        assertThat(up.getMessage()).contains("bad.yaml:6:3: scripts.host: script directory '../../etc' resolves to",
                "outside the config folder");

        PodConfigException absolute = fails(TestPods.SSH_POD.replace("guest: scripts/guest", "guest: /etc"));
        assertThat(absolute.getMessage()).contains("bad.yaml:7:3: scripts.guest:", "outside the config folder");

        PodConfigException home = fails(TestPods.SSH_POD.replace("guest: scripts/guest", "guest: ~/scripts"));
        assertThat(home.getMessage()).contains("bad.yaml:7:3: scripts.guest:");

        PodConfigException sneaky = fails(TestPods.SSH_POD.replace("host: scripts/host",
                "host: scripts/../../../outside"));
        assertThat(sneaky.getMessage()).contains("scripts.host:", "outside the config folder");

        pods.properties.put("kvm4nfv.scripts.host", "../../etc");
        pods.write("pod", TestPods.SSH_POD);
        assertThat(catchThrowableOfType(PodConfigException.class, () -> pods.load("pod")).getMessage())
                .contains("scripts.host:", "outside the config folder", "value set by system property");
    }

    @Test
    void scriptDirectoriesMayUseSharedFoldersInsideTheConfigFolder() {
        pods.write("pod", TestPods.SSH_POD.replace("host: scripts/host", "host: ../shared/host"));
        assertThat(pods.load("pod").scripts().host()).isEqualTo(pods.configDir.resolve("shared/host"));
    }

    @Test
    void symlinkOutOfTheConfigFolderIsRejected() throws Exception {
        Files.createDirectories(pods.configDir.resolve("pods/scripts"));
        Files.createSymbolicLink(pods.configDir.resolve("pods/scripts/host"), tempDir);
        PodConfigException e = fails(TestPods.SSH_POD);
        assertThat(e.getMessage()).contains("bad.yaml:6:3: scripts.host:", "outside the config folder");
    }

    @Test
    void podNameCannotBeAPath() {
        pods.write("pod", TestPods.SSH_POD);
        for (String name : new String[]{"../pods/pod", "/etc/passwd", "pod.yaml", "", "pod/", "./pod", "pod\n"}) {
            assertThat(catchThrowableOfType(PodConfigException.class, () -> pods.loader().load(name)))
                    .as("pod name %s", name).isNotNull();
            pods.properties.put(PodConfigLoader.POD_PROPERTY, name);
            PodConfigLoader selected = pods.loader();
            if (!name.isBlank() && !name.strip().equals("pod")) { // selectors are trimmed: "pod\n" selects pod
                assertThat(catchThrowableOfType(PodConfigException.class, selected::load)).as("selected %s", name)
                        .isNotNull();
            }
        }
        assertThat(catchThrowableOfType(PodConfigException.class, () -> pods.loader().load("../pods/pod"))
                .getMessage()).contains("no pod '../pods/pod'; available pods: pod");
    }

    @Test
    void aHundredKilobyteValueLoadsAndIsShortenedInMessagesAndReports() {
        String huge = "x".repeat(100 * 1024);
        pods.write("pod", TestPods.SSH_POD.replace("kind: ssh", "kind: ssh\ndescription: " + huge)
                .replace("address: 192.0.2.11", "address: " + huge));
        long start = System.nanoTime();
        PodConfig pod = pods.load("pod");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(pod.node("node1").address()).hasSize(100 * 1024);
        assertThat(pod.describe()).hasSizeLessThan(4000).contains("(102400 chars)");

        PodConfigException e = fails(TestPods.SSH_POD.replace("role: host", "role: " + huge));
        assertThat(e.getMessage()).hasSizeLessThan(1000).contains("nodes[1].role", "(102400 chars)");

        PodConfigException key = fails(TestPods.SSH_POD.replace("    adress", "").replace("    address: 192.0.2.11",
                "    " + "k".repeat(100 * 1024) + ": 1"));
        // SnakeYAML refuses keys over 1024 characters; either way the message is short and located
        assertThat(key.getMessage()).hasSizeLessThan(1000).contains("bad.yaml:16:");
    }

    @Test
    void privateKeyMaterialIsRefusedAndNeverEchoed() {
        String secret = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";
        PodConfigException e = fails(TestPods.SSH_POD.replace("keyFile: keys/id_jump",
                "keyFile: \"-----BEGIN OPENSSH PRIVATE KEY-----\\n" + secret + "\\n-----END OPENSSH PRIVATE KEY-----\""));
        assertThat(e.getMessage()).contains("bad.yaml:13:5: nodes[0].keyFile: looks like private key material")
                .doesNotContain(secret);

        PodConfigException typed = fails(TestPods.SSH_POD.replace("    via: jump",
                "    port: \"-----BEGIN RSA PRIVATE KEY----- " + secret + "\""));
        assertThat(typed.getMessage()).doesNotContain(secret);
    }

    @Test
    void controlCharactersAreRejected() {
        PodConfigException e = fails(TestPods.SSH_POD.replace("address: 192.0.2.11", "address: \"192.0.2.11\\nrm -rf /\""));
        assertThat(e.getMessage()).contains("bad.yaml:16:5: nodes[1].address: control character U+000A");
        pods.write("pod", TestPods.SSH_POD.replace("kind: ssh", "kind: ssh\ndescription: |\n  line one\n  line two"));
        assertThat(pods.load("pod").description()).isEqualTo("line one\nline two\n");
    }

    @Test
    void yamlAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("kind: ssh\na: &a [x, x, x, x, x, x, x, x, x]\n");
        String prev = "a";
        for (int i = 0; i < 10; i++) {
            String name = "l" + i;
            yaml.append(name).append(": &").append(name).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append('*').append(prev);
            }
            yaml.append("]\n");
            prev = name;
        }
        PodConfigException e = fails(yaml.toString());
        assertThat(e.getMessage()).contains("bad.yaml:");
    }
}
