package io.kvm4nfv.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded pod the library ships: the project's config files, byte for byte, usable without a config folder. */
class EmbeddedConfigTest {

    private static final Path PROJECT_CONFIG = Path.of(System.getProperty("kvm4nfv.config.dir", "../config"));

    @TempDir
    Path cache;

    /** What the jar must carry: these folders of config/, every file. */
    private static List<String> shippedFromProject() throws Exception {
        try (Stream<Path> walk = Stream.of("pods/local", "lab/guest").flatMap(d -> {
            try {
                return Files.walk(PROJECT_CONFIG.resolve(d));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            List<String> files = new java.util.ArrayList<>(walk.filter(Files::isRegularFile)
                    .map(p -> PROJECT_CONFIG.relativize(p).toString()).toList());
            files.add("pods/local.yaml");
            return files.stream().sorted().toList();
        }
    }

    @Test
    void theShippedCopyIsTheProjectsConfigByteForByteWithExecutableScripts() throws Exception {
        Path dir = EmbeddedConfig.extract(cache).orElseThrow();
        List<String> expected = shippedFromProject();
        assertThat(EmbeddedConfig.files(dir)).containsExactlyElementsOf(expected)
                .contains("pods/local.yaml", "pods/local/host/host-setup0.sh", "lab/guest/build-guest.sh",
                        "lab/guest/heartbeat.c");
        for (String f : expected) {
            assertThat(dir.resolve(f)).as(f).hasSameBinaryContentAs(PROJECT_CONFIG.resolve(f));
            if (f.endsWith(".sh")) {
                assertThat(Files.isExecutable(dir.resolve(f))).as(f + " is executable").isTrue();
            }
        }
        assertThat(EmbeddedConfig.extract(cache)).as("extracted once per content").contains(dir);
    }

    @Test
    void withoutAConfigFolderTheLoaderUsesTheEmbeddedPod(@TempDir Path project) {
        PodConfigLoader loader = new PodConfigLoader(Map.of(), Map.of(), project);
        Path configDir = loader.configDir();
        assertThat(configDir).isEqualTo(EmbeddedConfig.extracted().orElseThrow());
        PodConfig pod = loader.load();
        assertThat(pod.name()).isEqualTo("local");
        assertThat(pod.embedded()).isTrue();
        assertThat(pod.source()).isEqualTo(configDir.resolve("pods/local.yaml"));
        assertThat(pod.scripts().host()).isEqualTo(configDir.resolve("pods/local/host"));
    }

    @Test
    void aUsersOwnConfigFolderWins(@TempDir Path project) throws Exception {
        Path pods = Files.createDirectories(project.resolve("config/pods"));
        Files.copy(PROJECT_CONFIG.resolve("pods/local.yaml"), pods.resolve("local.yaml"));
        Path sub = Files.createDirectories(project.resolve("module/src"));
        assertThat(new PodConfigLoader(Map.of(), Map.of(), sub).configDir()).isEqualTo(project.resolve("config"));
    }
}
