package io.kvm4nfv.probe.tuning;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.probe.RecordingNode;
import io.kvm4nfv.probe.ShellNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TuningProbeTest {

    @Test
    void oneCommandWithTimeout() {
        RecordingNode node = new RecordingNode(c -> RecordingNode.ok(c,
                List.of("format=kvm4nfv-tuning-1", "cmdline=idle=poll", "end=ok")));
        TuningReport report = TuningProbe.check(node, TuningExpectations.kvm4nfvGuest(CpuSet.EMPTY), TuningPolicy.WARN,
                Duration.ofSeconds(7));
        assertThat(node.calls()).hasSize(1);
        assertThat(node.calls().get(0).command()).startsWith("sh -c '");
        assertThat(node.calls().get(0).timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(report.row("idle").orElseThrow().status()).isEqualTo(TuningStatus.OK);
    }

    @Test
    void offPolicyRunsNothing() {
        RecordingNode node = new RecordingNode(c -> RecordingNode.ok(c, List.of()));
        TuningProbe.check(node, TuningExpectations.kvm4nfvGuest(CpuSet.EMPTY), TuningPolicy.OFF, Duration.ofSeconds(1));
        assertThat(node.calls()).isEmpty();
    }

    @Test
    void failedCommandNamesTheNode() {
        RecordingNode node = new RecordingNode(c -> RecordingNode.failed(c, 2, List.of(), List.of("sh: boom")));
        assertThatThrownBy(() -> TuningProbe.readFacts(node, Duration.ofSeconds(1)))
                .isInstanceOf(NodeException.class).hasMessageContaining("[fake]").hasMessageContaining("sh: boom");
    }

    @Test
    void scriptGivesTheSameFactsUnderShAndBusybox() {
        TuningFacts sh = TuningProbe.readFacts(ShellNode.sh(), Duration.ofSeconds(20));
        TuningFacts busybox = TuningProbe.readFacts(ShellNode.busybox(), Duration.ofSeconds(20));
        assertThat(busybox.values()).isEqualTo(sh.values());
        assertThat(busybox.kernelParams()).isEqualTo(sh.kernelParams());
        assertThat(sh.value("cpu.online")).isPresent();
        assertThat(sh.value("cmdline")).isPresent();
    }
}
