package io.kvm4nfv.fault;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.Ftrace;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.load.StressTarget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the test JVM is killed with {@code kill -9} while {@code @Ftrace(on = HOST)} traces the
 * embedded lab's host — which is the machine running the tests. Within 5 s tracing must be off
 * again, the tracer {@code nop} and no event enabled: the session registered its restore with the
 * lab's reaper before it switched tracing on. ("ftrace left on is a bug.")
 */
class KilledMidHostTraceIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    /** Run in the child JVM: sched events traced on the host for the whole (long) measurement. */
    @Kvm4nfvTest
    static class TracedOnTheHost {
        @Test
        @Ftrace(tracer = "nop", events = {"sched"}, on = StressTarget.HOST)
        @Cyclictest(durationSeconds = 300)
        void traced() {
        }
    }

    @Test
    void killMinus9WhileTheHostIsTracedLeavesTracingOffWithin5Seconds() throws Exception {
        Path tracefs = tracefs();
        Assumptions.assumeTrue(tracefs != null && Files.isWritable(tracefs.resolve("tracing_on")),
                "no writable tracefs on this machine");
        Assumptions.assumeTrue(read(tracefs, "tracing_on").equals("0") && read(tracefs, "current_tracer").equals("nop")
                && read(tracefs, "set_event").isEmpty(), "this machine is tracing already; not touching it");
        try (KilledRun run = KilledRun.start(temp, TracedOnTheHost.class)) {
            run.awaitReady(Duration.ofMinutes(3), () -> read(tracefs, "tracing_on").equals("1")
                    && LabProcesses.ofRun(run.base(), run.pid()).stream().anyMatch(p -> p.contains("qemu-system")));
            assertThat(read(tracefs, "set_event")).as("sched events traced on the host").contains("sched:");
            List<RunFootprint.Item> before = run.killAndAwaitNothingLeft(
                    "ftrace traces sched events on the embedded host (this machine) during cyclictest", BOUND);
            assertThat(before).isNotEmpty();
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (System.nanoTime() < deadline && !off(tracefs)) {
                Thread.sleep(100);
            }
            assertThat(read(tracefs, "tracing_on")).as("tracing_on after the kill").isEqualTo("0");
            assertThat(read(tracefs, "current_tracer")).isEqualTo("nop");
            assertThat(read(tracefs, "set_event")).as("events left enabled").isEmpty();
        }
    }

    private static boolean off(Path tracefs) {
        return read(tracefs, "tracing_on").equals("0") && read(tracefs, "set_event").isEmpty();
    }

    private static Path tracefs() {
        for (Path p : List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"))) {
            if (Files.exists(p.resolve("tracing_on"))) {
                return p;
            }
        }
        return null;
    }

    private static String read(Path tracefs, String file) {
        try {
            return Files.readString(tracefs.resolve(file)).strip();
        } catch (Exception e) {
            return "?";
        }
    }
}
