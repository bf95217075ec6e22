package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalNodeTest {
    private final LocalNode node = new LocalNode("local");

    @Test
    void tailKeepsOnlyTheLastLinesButTheConsumerSeesAll() {
        List<String> seen = new ArrayList<>();
        ExecResult r = node.exec("seq 1 1000", ExecOptions.timeout(Duration.ofSeconds(10)).withTailLines(10)
                .withStdout(seen::add));
        assertThat(seen).hasSize(1000).startsWith("1").endsWith("1000");
        assertThat(r.stdoutTail()).hasSize(10).startsWith("991").endsWith("1000");
    }

    @Test
    void failedCommandReportsStatusAndTail() {
        ExecResult r = node.exec("echo boom >&2; exit 7", Duration.ofSeconds(10));
        assertThatThrownBy(r::requireSuccess).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("[local]").hasMessageContaining("exit 7").hasMessageContaining("boom");
    }

    @Test
    void rebootIsRefused() {
        assertThatThrownBy(() -> node.reboot(RebootOptions.within(Duration.ofSeconds(5))))
                .isInstanceOf(RebootRefusedException.class)
                .hasMessage("[local] refusing to reboot: it is the machine running the tests "
                        + "(the embedded lab never reboots it)");
        assertThat(node.rebootRefusal()).contains(LocalNode.THIS_MACHINE);
    }

    @Test
    void bootIdIsThisMachines() {
        assertThat(node.bootId(Duration.ofSeconds(5))).matches("[0-9a-f-]{36}");
    }
}
