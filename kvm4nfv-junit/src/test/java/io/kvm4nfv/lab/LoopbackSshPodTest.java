package io.kvm4nfv.lab;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackSshPodTest {

    @Test
    void takesOneTopLevelSectionWithItsCommentsAndStopsAtTheNextKey() {
        String yaml = """
                kind: embedded
                # about the SLA
                sla:
                  cyclictest:
                    maxUs: 50000   # TCG
                  # the migration bound
                  migration:
                    maxTotalMs: 10000

                timeouts:
                  commandSeconds: 300
                """;
        assertThat(LoopbackSshPod.topLevelSection(yaml, "sla")).isEqualTo("""
                sla:
                  cyclictest:
                    maxUs: 50000   # TCG
                  # the migration bound
                  migration:
                    maxTotalMs: 10000
                """);
        assertThat(LoopbackSshPod.topLevelSection(yaml, "timeouts")).isEqualTo("timeouts:\n  commandSeconds: 300\n");
    }

    @Test
    void aKeyThatOnlyStartsLikeTheSectionIsNotIt() {
        assertThatThrownBy(() -> LoopbackSshPod.topLevelSection("slack:\n  x: 1\n", "sla"))
                .hasMessageContaining("no top-level 'sla:' section");
    }

    @Test
    void theEmbeddedPodFileHasTheSlaSectionTheLoopbackPodBorrows() throws Exception {
        Path local = Path.of(System.getProperty("kvm4nfv.config.dir", "../config"), "pods", "local.yaml");
        String sla = LoopbackSshPod.topLevelSection(Files.readString(local), "sla");
        assertThat(sla).startsWith("sla:\n").contains("cyclictest:", "migration:", "forwarding:")
                .doesNotContain("timeouts:");
    }
}
