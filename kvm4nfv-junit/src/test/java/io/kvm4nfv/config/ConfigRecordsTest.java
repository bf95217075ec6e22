package io.kvm4nfv.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records check themselves when built from Java (the lab and tests build them too). */
class ConfigRecordsTest {
    private static NodeConfig node(String name, NodeRole role, String via, String host) {
        return new NodeConfig(name, role, "127.0.0.1", 22, "root", Path.of("/k"), via, host, null, null);
    }

    @Test
    void podRejectsDuplicateAndDanglingReferences() {
        NodeConfig host = node("h", NodeRole.HOST, null, null);
        assertThatThrownBy(() -> new PodConfig("p", Path.of("/c/pods/p.yaml"), PodKind.SSH, null, null, null,
                List.of(host, host), null, null, null)).hasMessageContaining("duplicate node name 'h'");
        assertThatThrownBy(() -> new PodConfig("p", Path.of("/c/pods/p.yaml"), PodKind.SSH, null, null, null,
                List.of(node("h", NodeRole.HOST, "j", null)), null, null, null))
                .hasMessageContaining("via unknown node 'j'");
        assertThatThrownBy(() -> new PodConfig("p", Path.of("/c/pods/p.yaml"), PodKind.SSH, null, null, null,
                List.of(host, node("g", NodeRole.GUEST, null, "x")), null, null, null))
                .hasMessageContaining("runs on unknown node 'x'");
    }

    @Test
    void podDefaultsAndImmutability() {
        PodConfig pod = new PodConfig("p", Path.of("/c/pods/p.yaml"), PodKind.SSH, null, null, null,
                new java.util.ArrayList<>(List.of(node("h", NodeRole.HOST, null, null))), null, null,
                new java.util.HashMap<>(Map.of("k", "v")));
        assertThat(pod.sla()).isEqualTo(SlaDefaults.NONE);
        assertThat(pod.sla().cyclictest().maxUs()).isNull();
        assertThat(pod.timeouts()).isEqualTo(Timeouts.DEFAULTS);
        assertThat(pod.timeouts().command()).hasSeconds(300);
        assertThat(pod.hostKeys().policy()).isEqualTo(HostKeyChecking.STRICT);
        assertThat(pod.scripts()).isEqualTo(Scripts.NONE);
        assertThat(pod.description()).isEmpty();
        assertThatThrownBy(() -> pod.nodes().add(node("x", NodeRole.HOST, null, null)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> pod.appliedOverrides().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(pod.describe()).contains("Pod p (ssh)", "root@127.0.0.1:22", "cyclictest none");
    }

    @Test
    void nodeChecksItsFields() {
        assertThatThrownBy(() -> new NodeConfig("a b", NodeRole.HOST, null, 22, null, null, null, null, null, null))
                .hasMessageContaining("name: node names are letters");
        assertThatThrownBy(() -> new NodeConfig("a", NodeRole.HOST, null, 0, null, null, null, null, null, null))
                .hasMessageContaining("port: must be a TCP port 1-65535, got 0");
        assertThatThrownBy(() -> new NodeConfig("a", NodeRole.HOST, null, 22, null, null, null, "h", null, null))
                .hasMessageContaining("only a guest runs on a host");
        assertThatThrownBy(() -> new NodeConfig("g", NodeRole.GUEST, null, 22, null, null, null, "h", 70000, null))
                .hasMessageContaining("forwardPort: must be a TCP port");
        assertThat(new NodeConfig("a", NodeRole.HOST, null, 22, null, null, null, null, null, null).cpus())
                .isEqualTo(CpuSets.NONE);
    }

    @Test
    void slaAndTimeoutsCheckTheirNumbers() {
        assertThatThrownBy(() -> new SlaDefaults.Cyclictest(null, null, -0.5, null, null))
                .hasMessageContaining("minUs: must be a finite number >= 0");
        assertThatThrownBy(() -> new SlaDefaults.Cyclictest(10.0, 11.0, null, null, null))
                .hasMessageContaining("avgUs: average limit 11.0 is above the maximum limit 10.0");
        assertThatThrownBy(() -> new SlaDefaults.Migration(Double.POSITIVE_INFINITY, null))
                .hasMessageContaining("maxTotalMs");
        assertThatThrownBy(() -> new SlaDefaults.Forwarding(null, null, null, 100.5))
                .hasMessageContaining("maxLossPercent: is a percentage 0-100");
        assertThatThrownBy(() -> new Timeouts(1, -1, 1)).hasMessageContaining("connectSeconds: must be > 0");
        assertThat(new SlaDefaults.Cyclictest(15.5, 10.25, 1.0, 12.0, 14.0).maxUs()).isEqualTo(15.5);
    }

    @Test
    void numbersPrintWithoutTrailingZeros() {
        assertThat(PodConfig.number(15.0)).isEqualTo("15");
        assertThat(PodConfig.number(0.5)).isEqualTo("0.5");
        assertThat(PodConfig.number(20000)).isEqualTo("20000");
    }

    @Test
    void suggestionsFindTyposButNotStrangers() {
        assertThat(Suggestions.nearest("adress", List.of("address", "user"))).isEqualTo("address");
        assertThat(Suggestions.nearest("MAXUS", List.of("maxUs", "avgUs"))).isEqualTo("maxUs");
        assertThat(Suggestions.nearest("completely-different", List.of("port", "user"))).isNull();
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(PodConfigException.shorten("a\nb")).isEqualTo("a\\u000ab");
    }
}
