package io.kvm4nfv.probe.trace;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.probe.RecordingNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command sequencing of a session against a scripted node. */
class FtraceSessionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(9);
    private final FtraceOptions options = FtraceOptions.defaults().withTracer("function")
            .withEvents(List.of("sched")).withCpus(CpuSet.of(1)).withCommandTimeout(TIMEOUT);

    private static List<String> openOutput(String current, String writable) {
        return List.of("tracefs=/sys/kernel/tracing", "mounted=", "current_tracer=" + current, "tracing_on=1",
                "buffer_size_kb=1408", "tracing_cpumask=3", "available_tracers=blk function nop",
                "set_event=irq:irq_handler_entry", "writable=" + writable);
    }

    private static String kind(String command) {
        if (command.contains("available_tracers=")) {
            return "open";
        }
        if (command.contains("started=1")) {
            return "enable";
        }
        if (command.contains("@@kvm4nfv-trace")) {
            return "collect";
        }
        if (command.contains("restore-failed")) {
            return "restore";
        }
        if (command.contains("enabled_events=")) {
            return "verify";
        }
        return "other";
    }

    private static RecordingNode node(List<String> open, boolean enableOk, boolean restoreOk) {
        return new RecordingNode(c -> switch (kind(c)) {
            case "open" -> RecordingNode.ok(c, open);
            case "enable" -> enableOk ? RecordingNode.ok(c, List.of("missing-event=kvm", "started=1"))
                    : RecordingNode.failed(c, 3, List.of("failed=current_tracer: Device or resource busy"), List.of());
            case "collect" -> RecordingNode.ok(c, List.of("@@kvm4nfv-trace size=40 mark=", "@@kvm4nfv-all",
                    "# tracer: function", "  <idle>-0 [001] d.h1. 1.0: foo", "@@kvm4nfv-end"));
            case "restore" -> restoreOk ? RecordingNode.ok(c, List.of())
                    : RecordingNode.failed(c, 1, List.of("restore-failed=tracing_on: I/O error"), List.of());
            default -> RecordingNode.ok(c, List.of());
        });
    }

    private static List<String> kinds(RecordingNode node) {
        List<String> kinds = new ArrayList<>();
        node.calls().forEach(c -> kinds.add(kind(c.command())));
        return kinds;
    }

    @Test
    void openEnableCollectRestoreInOrderWithTimeouts() {
        RecordingNode node = node(openOutput("nop", "1"), true, true);
        TraceCapture capture;
        try (FtraceSession session = FtraceSession.start(node, options)) {
            assertThat(session.available()).isTrue();
            capture = session.stopAndCollect();
            assertThat(session.stopAndCollect()).isSameAs(capture);
        }
        assertThat(kinds(node)).containsExactly("open", "enable", "collect", "restore");
        assertThat(node.calls()).allSatisfy(c -> assertThat(c.timeout()).isEqualTo(TIMEOUT));
        assertThat(node.calls()).allSatisfy(c -> assertThat(c.command()).startsWith("sh -c "));
        String restore = node.calls().get(3).command();
        assertThat(restore).contains("r tracing_on 0", "r current_tracer nop", "r tracing_cpumask 3",
                "irq:irq_handler_entry").doesNotContain("buffer_size_kb");
        assertThat(capture.available()).isTrue();
        assertThat(capture.text()).isEqualTo("# tracer: function\n  <idle>-0 [001] d.h1. 1.0: foo\n");
        assertThat(capture.missingEvents()).containsExactly("kvm");
        assertThat(capture.summary()).contains("ftrace function events sched on fake", "missing events kvm");
    }

    @Test
    void closeRestoresWhenNothingWasCollected() {
        RecordingNode node = node(openOutput("nop", "1"), true, true);
        try (FtraceSession session = FtraceSession.start(node, options)) {
            assertThat(session.available()).isTrue();
        }
        assertThat(kinds(node)).containsExactly("open", "enable", "restore");
    }

    @Test
    void busyTracefsIsLeftAlone() {
        RecordingNode node = node(openOutput("function_graph", "1"), true, true);
        FtraceSession session = FtraceSession.start(node, options);
        TraceCapture capture = session.stopAndCollect();
        session.close();
        assertThat(kinds(node)).containsExactly("open");
        assertThat(capture.available()).isFalse();
        assertThat(capture.summary()).isEqualTo("unavailable: tracefs at /sys/kernel/tracing is busy: "
                + "current_tracer=function_graph (another tracer is running; the session leaves it alone)");
    }

    @Test
    void unwritableTracefsIsUnavailableWithTheReason() {
        RecordingNode node = node(openOutput("nop", "0 sh: can't create tracing_on: Read-only file system"), true, true);
        try (FtraceSession session = FtraceSession.open(node, options)) {
            assertThat(session.unavailableReason()).contains("tracefs at /sys/kernel/tracing is not writable: "
                    + "sh: can't create tracing_on: Read-only file system");
        }
        assertThat(kinds(node)).containsExactly("open");
    }

    @Test
    void missingTracerIsUnavailable() {
        RecordingNode node = node(openOutput("nop", "1"), true, true);
        FtraceSession session = FtraceSession.open(node, options.withTracer("function_graph"));
        assertThat(session.unavailableReason()).contains("tracer 'function_graph' is not available in this kernel"
                + " (available: blk function nop)");
    }

    @Test
    void noTracefsIsUnavailable() {
        RecordingNode node = new RecordingNode(c -> RecordingNode.ok(c,
                List.of("unavailable=tracefs is not mounted and mounting it failed: mount: permission denied")));
        FtraceSession session = FtraceSession.start(node, options);
        assertThat(session.stopAndCollect().summary())
                .isEqualTo("unavailable: tracefs is not mounted and mounting it failed: mount: permission denied");
        assertThat(node.calls()).hasSize(1);
    }

    @Test
    void enableFailureRestoresAndNamesTheFile() {
        RecordingNode node = node(openOutput("nop", "1"), false, true);
        FtraceSession session = FtraceSession.start(node, options);
        assertThat(session.unavailableReason()).contains("enabling ftrace failed: cannot write current_tracer: "
                + "Device or resource busy");
        session.close();
        assertThat(kinds(node)).containsExactly("open", "enable", "restore");
    }

    @Test
    void failedRestoreIsLoud() {
        RecordingNode node = node(openOutput("nop", "1"), true, false);
        FtraceSession session = FtraceSession.start(node, options);
        assertThatThrownBy(session::stopAndCollect).isInstanceOf(NodeException.class)
                .hasMessageContaining("restoring ftrace in /sys/kernel/tracing failed")
                .hasMessageContaining("restore-failed=tracing_on: I/O error");
    }

    @Test
    void verifyOffReportsWhatIsLeftOn() {
        RecordingNode node = new RecordingNode(c -> RecordingNode.ok(c, List.of("tracefs=/sys/kernel/tracing",
                "temporary=", "tracing_on=1", "current_tracer=function", "enabled_events=3")));
        FtraceState state = FtraceSession.verifyOff(node, TIMEOUT);
        assertThat(state.isOff()).isFalse();
        assertThat(state.leftOn()).containsExactly("tracing_on=1", "current_tracer=function",
                "3 events enabled in set_event");
        RecordingNode clean = new RecordingNode(c -> RecordingNode.ok(c, List.of("tracefs=/tmp/x",
                "temporary=/tmp/x", "tracing_on=0", "current_tracer=nop", "enabled_events=0")));
        FtraceState off = FtraceSession.verifyOff(clean, TIMEOUT);
        assertThat(off.isOff()).isTrue();
        assertThat(off.toString()).isEqualTo("ftrace on fake (temporary mount /tmp/x): off");
    }

    @Test
    void optionsValidateAndMask() {
        assertThat(FtraceOptions.cpumask(CpuSet.parse("0-1"))).isEqualTo("3");
        assertThat(FtraceOptions.cpumask(CpuSet.parse("11-15,31-35"))).isEqualTo("f,8000f800");
        assertThat(FtraceOptions.cpumask(CpuSet.of(32))).isEqualTo("1,00000000");
        assertThat(FtraceOptions.defaults().events()).containsExactly("irq", "task", "syscalls", "sched", "timer", "kvm");
        assertThat(FtraceOptions.defaults().attach().shouldAttach(false)).isFalse();
        assertThat(AttachPolicy.ALWAYS.shouldAttach(false)).isTrue();
        assertThatThrownBy(() -> FtraceOptions.defaults().withTracer("function; reboot"))
                .hasMessageContaining("tracer must look like");
        assertThatThrownBy(() -> FtraceOptions.defaults().withEvents(List.of("../../x")))
                .hasMessageContaining("event must be");
        assertThatThrownBy(() -> FtraceOptions.defaults().withMaxCollectedBytes(10)).hasMessageContaining(">= 1024");
    }

    @Test
    void resultIsNeverHiddenFromCollect() {
        ExecResult timeout = new ExecResult("fake", "x", null, null, true, List.of(), List.of(), TIMEOUT);
        RecordingNode node = new RecordingNode(c -> kind(c).equals("collect") ? timeout
                : kind(c).equals("open") ? RecordingNode.ok(c, openOutput("nop", "1"))
                : kind(c).equals("enable") ? RecordingNode.ok(c, List.of("started=1")) : RecordingNode.ok(c, List.of()));
        FtraceSession session = FtraceSession.start(node, options);
        TraceCapture capture = session.stopAndCollect();
        assertThat(capture.summary()).startsWith("unavailable: collecting the trace failed: timed out after PT9S");
        assertThat(kinds(node)).containsExactly("open", "enable", "collect", "restore");
    }
}
