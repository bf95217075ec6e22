package io.kvm4nfv.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** config/README.md documents every override key there is (and the scheme that derives them). */
class ReadmeKeysTest {
    @Test
    void everyOverrideKeyIsInTheTable() throws Exception {
        String readme = Files.readString(TestPods.shippedConfigDir().resolve("README.md"));
        for (String template : Overrides.templates()) {
            String property = "kvm4nfv." + template.replace("*", "<node>");
            String env = Overrides.envName("kvm4nfv." + template.replace("*", "NODE")).replace("_NODE_", "_<NODE>_");
            assertThat(readme).as("README documents %s", property).contains("| `" + property + "` | `" + env + "` |");
        }
        assertThat(readme).contains("kvm4nfv.pod", "KVM4NFV_POD", "kvm4nfv.config.dir", "KVM4NFV_CONFIG_DIR");
        for (String prefix : PodConfigLoader.FOREIGN_PREFIXES) {
            assertThat(readme).contains("`" + prefix + "`");
        }
    }

    @Test
    void shippedPodFilesExist() {
        Path pods = TestPods.shippedConfigDir().resolve("pods");
        assertThat(pods.resolve("local.yaml")).isRegularFile();
        assertThat(pods.resolve("intel-pod10.yaml")).isRegularFile();
    }
}
