package io.kvm4nfv.config;

import io.kvm4nfv.testing.Fuzz;
import io.kvm4nfv.testing.Mutate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped pod files, mutated: a pod loads, or the loader says which file, line and (for a
 * value) field is wrong — never another exception, never a hang.
 */
class PodConfigFuzzTest {
    private static final List<String> YAML_TOKENS = List.of(": ", "- ", "  ", "    ", "&a ", "*a", "<<: *a", "~",
            "---\n", "...\n", "%YAML 1.1\n", "? ", "|\n", ">-\n", "!!binary ", "!!python/object:os.system ",
            "!!float ", "0x10", "1_000", ".nan", ".inf", "-.inf", "2001-12-14", "0o777", "nodes:", "cpus:",
            "vcpu: 1-2000000000", "isolated: 0-4294967296", "maxUs: -1", "forwardPort: 99999", "role: guest",
            "host: nowhere", "kind: ssh", "kind: embedded", "policy: none", "via: jumphost", "scripts:",
            "keyFile: /etc/shadow", "address: \"\u0007\"", "{", "}", "[", "]", "\"", "'", "#", "\t");

    @TempDir
    Path tempDir;

    private Path configDir;

    private void copyShippedConfig() throws IOException {
        Path shipped = TestPods.shippedConfigDir().resolve("pods");
        configDir = tempDir.resolve("config");
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path p : files.toList()) {
                Path target = configDir.resolve("pods").resolve(shipped.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".yaml")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "intel-pod10"})
    void mutatedPodFilesLoadOrFailNamingFileLineAndField(String pod) throws IOException {
        copyShippedConfig();
        String original = Files.readString(TestPods.shippedConfigDir().resolve("pods/" + pod + ".yaml"));
        Path file = configDir.resolve("pods/fuzz.yaml");
        PodConfigLoader loader = new PodConfigLoader(Map.of(PodConfigLoader.CONFIG_DIR_PROPERTY, configDir.toString(),
                "user.home", tempDir.resolve("home").toString()), Map.of(), tempDir);
        Fuzz.property("pod yaml " + pod, 200)
                .forAll(r -> Mutate.text(r, original, YAML_TOKENS), yaml -> {
                    try {
                        // a cut may split a surrogate pair: write what an editor would (a '?' in its place)
                        Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    try {
                        PodConfig config = loader.load("fuzz");
                        assertThat(config.nodes()).isNotEmpty();
                    } catch (PodConfigException e) {
                        assertThat(e.file()).as("file of %s", e.getMessage()).isEqualTo(file);
                        assertThat(e.line()).as("line of %s", e.getMessage()).isPositive();
                        assertThat(e.getMessage()).startsWith(file + ":" + e.line() + ":");
                        if (e.fieldPath() != null) {
                            assertThat(e.getMessage()).contains(e.fieldPath() + ": ");
                        }
                    }
                });
    }
}
