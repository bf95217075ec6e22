package io.kvm4nfv.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which config folder and which pod: system property > environment variable > default. */
class PodSelectionTest {
    @TempDir
    Path tempDir;
    private TestPods pods;

    @BeforeEach
    void setUp() {
        pods = new TestPods(tempDir);
        pods.write("local", "kind: embedded\nnodes:\n  - name: host\n    role: host\n");
        pods.write("lab2", TestPods.SSH_POD);
    }

    @Test
    void podSelectionPrecedence() {
        PodConfigLoader none = new PodConfigLoader(Map.of(), Map.of(), tempDir);
        assertThat(none.podName()).isEqualTo("local");
        PodConfigLoader env = new PodConfigLoader(Map.of(), Map.of("KVM4NFV_POD", "lab2"), tempDir);
        assertThat(env.podName()).isEqualTo("lab2");
        PodConfigLoader both = new PodConfigLoader(Map.of("kvm4nfv.pod", "local"), Map.of("KVM4NFV_POD", "lab2"),
                tempDir);
        assertThat(both.podName()).isEqualTo("local");
        PodConfigLoader blank = new PodConfigLoader(Map.of("kvm4nfv.pod", " "), Map.of("KVM4NFV_POD", "lab2"), tempDir);
        assertThat(blank.podName()).isEqualTo("lab2");
        assertThat(env.load().name()).isEqualTo("lab2");
        assertThat(none.load().kind()).isEqualTo(PodKind.EMBEDDED);
    }

    @Test
    void configFolderIsFoundUpwardFromTheWorkingDirectory() throws Exception {
        Path deep = Files.createDirectories(tempDir.resolve("module/src/test"));
        PodConfigLoader loader = new PodConfigLoader(Map.of(), Map.of(), deep);
        assertThat(loader.configDir()).isEqualTo(pods.configDir);
        assertThat(loader.availablePods()).containsExactly("lab2", "local");
    }

    @Test
    void configFolderPrecedence() throws Exception {
        Path other = tempDir.resolve("other");
        Files.createDirectories(other.resolve("pods"));
        Path elsewhere = tempDir.resolve("elsewhere");
        Files.createDirectories(elsewhere.resolve("pods"));
        assertThat(new PodConfigLoader(Map.of(), Map.of("KVM4NFV_CONFIG_DIR", other.toString()), tempDir).configDir())
                .isEqualTo(other);
        assertThat(new PodConfigLoader(Map.of("kvm4nfv.config.dir", elsewhere.toString()),
                Map.of("KVM4NFV_CONFIG_DIR", other.toString()), tempDir).configDir()).isEqualTo(elsewhere);
        assertThat(new PodConfigLoader(Map.of("kvm4nfv.config.dir", "other"), Map.of(), tempDir).configDir())
                .isEqualTo(other);
    }

    @Test
    void missingConfigFolderFallsBackToTheEmbeddedPodButAWrongOneSaysHowToSetIt() throws Exception {
        Path empty = Files.createTempDirectory("no-config");
        try {
            assertThat(new PodConfigLoader(Map.of(), Map.of(), empty).configDir())
                    .as("none set or found: the pod the jar ships").isEqualTo(EmbeddedConfig.extracted().orElseThrow());
            PodConfigException wrong = catchThrowableOfType(PodConfigException.class,
                    () -> new PodConfigLoader(Map.of("kvm4nfv.config.dir", empty.toString()), Map.of(), tempDir)
                            .configDir());
            assertThat(wrong.getMessage()).contains(empty.toString(), "kvm4nfv.config.dir", "has no pods/ folder");
        } finally {
            Files.delete(empty);
        }
    }

    @Test
    void unknownSelectedPodListsTheAvailableOnes() {
        PodConfigLoader loader = new PodConfigLoader(Map.of("kvm4nfv.pod", "lab3"), Map.of(), tempDir);
        PodConfigException e = catchThrowableOfType(PodConfigException.class, loader::load);
        assertThat(e.getMessage()).contains("pods: no pod 'lab3'; available pods: lab2, local",
                "did you mean 'lab2'?");
    }

    @Test
    void nodeLookupNamesTheNodes() {
        PodConfig pod = pods.load("lab2");
        assertThat(pod.findNode("node1")).isPresent();
        assertThat(pod.findNode("node9")).isEmpty();
        PodConfigException e = catchThrowableOfType(PodConfigException.class, () -> pod.node("nod1"));
        assertThat(e.getMessage()).contains("pod 'lab2' has no node 'nod1' (nodes: jump, node1, guest1)",
                "did you mean 'node1'?");
        assertThat(pod.nodes(NodeRole.JUMP)).extracting(NodeConfig::name).containsExactly("jump");
    }

    @Test
    void labFillsInTheRuntimeConnection() {
        PodConfig pod = pods.load("local");
        NodeConfig host = pod.node("host").withConnection("127.0.0.1", 40222, "root", tempDir.resolve("id"));
        PodConfig running = pod.withNode(host).withKnownHosts(tempDir.resolve("known_hosts"));
        assertThat(running.node("host").endpoint()).isEqualTo("root@127.0.0.1:40222");
        assertThat(running.node("host").hasConnection()).isTrue();
        assertThat(running.hostKeys().labManaged()).isFalse();
        assertThat(running.hostKeys().policy()).isEqualTo(HostKeyChecking.STRICT);
        assertThat(pod.node("host").address()).isNull();
    }
}
