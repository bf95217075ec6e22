package io.kvm4nfv.probe.trace;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.probe.cyclictest.CyclictestOutputParser;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * ftrace on this machine as root: enable, collect, restore, then {@code tracing_on=0} and
 * {@code current_tracer=nop}. Where tracefs is not writable (a container without it), the
 * session must say "unavailable: reason" instead.
 */
class FtraceSessionIT {

    private static final Duration T = Duration.ofSeconds(30);
    private final LocalNode node = new LocalNode("host");
    private final FtraceOptions options = FtraceOptions.defaults().withTracer("nop")
            .withEvents(List.of("sched", "timer", "no_such_group")).withCpus(CpuSet.of(0))
            .withBufferSizeKb(2048).withCommandTimeout(T);

    private String mounts() {
        return node.exec("grep -E ' (tracefs|debugfs) ' /proc/mounts; true", T).stdoutText();
    }

    @BeforeEach
    void ftraceIsNotInUseByAnotherTest() {
        FtraceState before = FtraceSession.verifyOff(node, T);
        assumeThat(before.readable() ? before.currentTracer() : "nop")
                .as("another tracer is running on this shared machine").isEqualTo("nop");
    }

    @Test
    void enablesCollectsAndRestores() {
        String mountsBefore = mounts();
        TraceCapture capture;
        try (FtraceSession session = FtraceSession.start(node, options)) {
            if (!session.available()) {
                assertThat(session.unavailableReason().orElseThrow()).isNotBlank();
                capture = session.stopAndCollect();
                assertThat(capture.summary()).startsWith("unavailable: ");
                System.out.println("ftrace here: " + capture.summary());
                return;
            }
            String tracefs = session.tracefs().orElseThrow();
            assertThat(cat(tracefs + "/tracing_on")).isEqualTo("1");
            assertThat(cat(tracefs + "/events/sched/enable")).isEqualTo("1");
            // tracing_cpumask is CPU 0: the marker must be written from CPU 0 to be recorded
            node.exec("taskset -c 0 sh -c " + Shell.quote("echo 'kvm4nfv: measurement start' > "
                    + Shell.quote(tracefs + "/trace_marker") + "; i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done"), T)
                    .requireSuccess();
            capture = session.stopAndCollect();
        }
        System.out.println(capture.summary());
        assertThat(capture.available()).isTrue();
        assertThat(capture.missingEvents()).containsExactly("no_such_group");
        assertThat(capture.text()).startsWith("# tracer: nop").contains("tracing_mark_write: kvm4nfv: measurement start")
                .contains("sched_");
        assertThat(capture.markLine()).isPositive();

        FtraceState after = FtraceSession.verifyOff(node, T);
        System.out.println(after);
        assertThat(after.readable()).isTrue();
        assertThat(after.tracingOn()).isFalse();
        assertThat(after.currentTracer()).isEqualTo("nop");
        assertThat(after.enabledEvents()).isZero();
        assertThat(after.isOff()).isTrue();
        assertThat(mounts()).as("what the session mounted is unmounted again").isEqualTo(mountsBefore);
    }

    @Test
    void closeRestoresWithoutCollect() {
        try (FtraceSession session = FtraceSession.start(node, options)) {
            assumeThat(session.available()).as(String.valueOf(session.unavailableReason())).isTrue();
            assertThat(cat(session.tracefs().orElseThrow() + "/tracing_on")).isEqualTo("1");
        }
        assertThat(FtraceSession.verifyOff(node, T).isOff()).isTrue();
    }

    /** On this VM the kernel lists the function tracer but refuses it: the session must say so and leave ftrace off. */
    @Test
    void functionTracerWorksOrSaysWhy() {
        try (FtraceSession session = FtraceSession.start(node, options.withTracer("function"))) {
            if (session.available()) {
                assertThat(cat(session.tracefs().orElseThrow() + "/current_tracer")).isEqualTo("function");
            } else {
                System.out.println("function tracer here: unavailable: " + session.unavailableReason().orElseThrow());
                assertThat(session.unavailableReason().orElseThrow())
                        .matches("(tracer 'function' is not available.*|enabling ftrace failed: cannot write current_tracer: .+)");
                assertThat(session.stopAndCollect().available()).isFalse();
            }
        }
        FtraceState after = FtraceSession.verifyOff(node, T);
        assertThat(after.leftOn()).isEmpty();
        assertThat(after.isOff()).isTrue();
    }

    @Test
    void cyclictestBreaktraceMarkerIsFoundInTheTrace() {
        CyclictestOutputParser parser = new CyclictestOutputParser();
        TraceCapture capture;
        try (FtraceSession session = FtraceSession.start(node, options.withEvents(List.of("sched", "irq")))) {
            assumeThat(session.available()).as(String.valueOf(session.unavailableReason())).isTrue();
            ExecResult run = node.exec("cyclictest -m -p 99 -i 200 -l 5000 -t 1 -a 0 -q -b 1 --tracemark",
                    ExecOptions.timeout(T).withStdout(parser));
            assertThat(run.succeeded()).as(run.outcome() + " " + run.stderrText()).isTrue();
            capture = session.stopAndCollect();
        }
        CyclictestResult result = parser.result("Idle-Idle", List.of("cyclictest"), 0);
        assertThat(result.breaktraceHit()).as("any latency exceeds 1 us").isPresent();
        TraceRegion region = BreaktraceTrace.around(result, capture).orElseThrow();
        System.out.println("break marker: " + region.markLine() + " (" + region.lines().size() + " lines, "
                + region.sameCpuLines().size() + " on CPU " + region.cpu() + ")");
        assertThat(region.task()).isEqualTo("cyclictest");
        assertThat(region.pid()).isEqualTo(result.breaktraceHit().get().tid());
        assertThat(region.latencyUs()).isEqualTo(result.breaktraceHit().get().valueUs());
        assertThat(region.thresholdUs()).isEqualTo(1);
        assertThat(FtraceSession.verifyOff(node, T).isOff()).isTrue();
    }

    private String cat(String file) {
        return node.exec("cat " + Shell.quote(file), T).requireSuccess().stdoutText().strip();
    }
}
