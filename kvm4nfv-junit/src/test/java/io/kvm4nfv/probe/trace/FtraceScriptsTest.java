package io.kvm4nfv.probe.trace;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.probe.ShellNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the enable / collect / restore scripts for real, with {@code sh} and with
 * {@code busybox sh}, against a directory laid out like tracefs (plain files).
 */
class FtraceScriptsTest {

    @TempDir
    Path dir;

    static Stream<ShellNode> shells() {
        return Stream.of(ShellNode.sh(), ShellNode.busybox());
    }

    private void fakeTracefs() throws IOException {
        write("tracing_on", "1");
        write("current_tracer", "nop");
        write("set_event", "");
        write("buffer_size_kb", "1408");
        write("tracing_cpumask", "3");
        write("trace", "");
        Files.createDirectories(dir.resolve("events/sched/sched_switch"));
        write("events/sched/enable", "0");
        write("events/sched/sched_switch/enable", "0");
        Files.createDirectories(dir.resolve("events/irq"));
        write("events/irq/enable", "0");
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content.isEmpty() ? "" : content + "\n");
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    private static ExecResult run(ShellNode node, String script, List<String> out) {
        return node.exec("sh -c " + Shell.quote(script),
                ExecOptions.timeout(Duration.ofSeconds(20)).withStdout(out::add).withTailLines(50));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void enableCollectRestoreRoundTrip(ShellNode shell) throws IOException {
        fakeTracefs();
        FtraceOptions options = FtraceOptions.defaults().withTracer("function")
                .withEvents(List.of("sched", "kvm", "irq", "sched:sched_switch")).withCpus(CpuSet.of(1))
                .withBufferSizeKb(4096);
        List<String> out = new ArrayList<>();
        ExecResult enabled = run(shell, FtraceScripts.enable(dir.toString(), options), out);

        assertThat(enabled.succeeded()).as(enabled.stderrText()).isTrue();
        assertThat(out).contains("missing-event=kvm", "started=1");
        assertThat(read("tracing_on")).isEqualTo("1");
        assertThat(read("current_tracer")).isEqualTo("function");
        assertThat(read("events/sched/enable")).isEqualTo("1");
        assertThat(read("events/irq/enable")).isEqualTo("1");
        assertThat(read("events/sched/sched_switch/enable")).isEqualTo("1");
        assertThat(read("tracing_cpumask")).isEqualTo("2");
        assertThat(read("buffer_size_kb")).isEqualTo("4096");

        String trace = BreaktraceTraceTest.sample();
        Files.writeString(dir.resolve("trace"), trace);
        List<String> collected = new ArrayList<>();
        assertThat(run(shell, FtraceScripts.collect(dir.toString(), 1 << 20), collected).succeeded()).isTrue();
        CollectedTrace whole = CollectedTrace.parse(collected);
        assertThat(whole.text()).isEqualTo(trace);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.totalBytes()).isEqualTo(trace.length());
        assertThat(whole.markLine()).isEqualTo(13L);
        assertThat(read("tracing_on")).isEqualTo("0");

        List<String> restoreOut = new ArrayList<>();
        ExecResult restored = run(shell, FtraceScripts.restore(dir.toString(), "", List.of("irq:irq_handler_entry"),
                "3", "1408"), restoreOut);
        assertThat(restored.succeeded()).as(String.join("\n", restoreOut)).isTrue();
        assertThat(read("tracing_on")).isEqualTo("0");
        assertThat(read("current_tracer")).isEqualTo("nop");
        assertThat(read("set_event")).isEqualTo("irq:irq_handler_entry");
        assertThat(read("tracing_cpumask")).isEqualTo("3");
        assertThat(read("buffer_size_kb")).isEqualTo("1408");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void bigTraceKeepsMarkRegionAndTail(ShellNode shell) throws IOException {
        fakeTracefs();
        StringBuilder sb = new StringBuilder("# tracer: nop\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(String.format("      stress-ng-cpu-1871 [001] d.h1.  %d.%06d: local_timer_entry: vector=236%n",
                    5000 + i / 1000, i));
            if (i == 2500) {
                sb.append("      cyclictest-1863    [001] .....  5002.500001: tracing_mark_write: hit latency"
                        + " threshold (98 > 90)\n");
            }
        }
        String trace = sb.toString();
        Files.writeString(dir.resolve("trace"), trace);
        List<String> out = new ArrayList<>();
        assertThat(run(shell, FtraceScripts.collect(dir.toString(), 20_000), out).succeeded()).isTrue();
        CollectedTrace kept = CollectedTrace.parse(out);

        assertThat(kept.truncated()).isTrue();
        assertThat(kept.totalBytes()).isEqualTo(trace.length());
        assertThat(kept.markLine()).isEqualTo(2503L);
        assertThat(kept.text().length()).as("the kept text, elision lines included, fits the budget")
                .isLessThanOrEqualTo(20_000).isGreaterThan(19_000);
        assertThat(kept.text()).contains("hit latency threshold (98 > 90)")
                .contains(CollectedTrace.ELISION)
                .endsWith("5004.004999: local_timer_entry: vector=236\n");
        List<String> lines = kept.text().lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("(#.*|      (stress-ng-cpu-1871|cyclictest-1863) .*)"));
        int mark = lines.indexOf(lines.stream().filter(l -> l.contains("tracing_mark_write")).findFirst().orElseThrow());
        assertThat(lines.get(mark - 1)).contains("5002.002500");
        assertThat(lines.get(mark + 1)).contains("5002.002501");
    }
}
