package io.kvm4nfv.fault;

import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Pod;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.GuestImageBuilder;
import io.kvm4nfv.lab.Lab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many pods in parallel: with JUnit's parallel execution on, four {@code @Kvm4nfvTest}
 * classes, two on the embedded pod {@code local} and two on a second embedded pod
 * {@code second} (a pod file this test writes), run at once. The pod locks of
 * {@link io.kvm4nfv.junit.PodResourceLocks} must keep the two classes of one pod apart
 * while classes of different pods overlap, each pod on a lab of its own.
 */
class ParallelPodsIT {

    /**
     * Bound of the parallel run (two labs started at once, four classes of a second each); it
     * takes 4-9 s on 2 cores at load 4-5 once the guest image is cached. A run that hangs fails
     * with a thread dump and the lab processes still running instead of stalling the build.
     */
    static final Duration LIMIT = Duration.ofMinutes(4);

    static final Queue<Span> SPANS = new ConcurrentLinkedQueue<>();

    record Span(String pod, String test, String lab, long startNanos, long endNanos) {
        boolean overlaps(Span o) {
            return startNanos < o.endNanos && o.startNanos < endNanos;
        }
    }

    /** A class's span runs from before its lab is resolved (the pod lock is already held) to its end. */
    abstract static class UsesAPod {
        private long start;

        @BeforeEach
        void started() {
            start = System.nanoTime();
        }

        void use(String test, Lab lab) {
            lab.node("host").exec("sleep 1", Duration.ofSeconds(60)).requireSuccess();
            SPANS.add(new Span(lab.pod().name(), test, ((EmbeddedLab) lab).directory().root().toString(), start,
                    System.nanoTime()));
        }
    }

    @Kvm4nfvTest
    @Pod("local")
    static class LocalOne extends UsesAPod {
        @Test
        void runs(Lab lab) {
            use("LocalOne", lab);
        }
    }

    @Kvm4nfvTest
    @Pod("local")
    static class LocalTwo extends UsesAPod {
        @Test
        void runs(Lab lab) {
            use("LocalTwo", lab);
        }
    }

    @Kvm4nfvTest
    @Pod("second")
    static class SecondOne extends UsesAPod {
        @Test
        void runs(Lab lab) {
            use("SecondOne", lab);
        }
    }

    @Kvm4nfvTest
    @Pod("second")
    static class SecondTwo extends UsesAPod {
        @Test
        void runs(Lab lab) {
            use("SecondTwo", lab);
        }
    }

    @TempDir
    Path temp;

    @Test
    void classesOfOnePodTakeTurnsWhileTwoPodsRunAtOnce() throws Exception {
        Path config = FaultLab.copyOfConfig(temp.resolve("config"));
        Files.writeString(config.resolve("pods/second.yaml"), Files.readString(config.resolve("pods/local.yaml")));
        Path labs = temp.resolve("labs");
        SPANS.clear();
        // a cold guest image build (minutes) is paid here, outside the bound of the parallel run
        GuestImageBuilder.fromConfigDir(temp.resolve("guest-image.log")).build();

        EngineExecutionResults results;
        try {
            results = Kit.run(LIMIT, Kit.labProperties(labs, "kvm4nfv.config.dir", config.toString()), Map.of(
                            "junit.jupiter.execution.parallel.enabled", "true",
                            "junit.jupiter.execution.parallel.mode.default", "same_thread",
                            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                            "junit.jupiter.execution.parallel.config.strategy", "fixed",
                            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
                    LocalOne.class, LocalTwo.class, SecondOne.class, SecondTwo.class);
        } catch (AssertionError hung) {
            hung.addSuppressed(new AssertionError("lab processes still running:\n"
                    + String.join("\n", LabProcesses.under(labs))));
            LabProcesses.reapAll(labs); // before @TempDir deletes the labs' registries with their folders
            throw hung;
        }

        assertThat(Kit.problems(results)).extracting(Kit.Outcome::messages).isEmpty();
        List<Span> spans = List.copyOf(SPANS);
        assertThat(spans).hasSize(4);
        for (String pod : List.of("local", "second")) {
            List<Span> same = spans.stream().filter(s -> s.pod().equals(pod)).toList();
            assertThat(same).hasSize(2);
            assertThat(same.get(0).overlaps(same.get(1))).as("two classes on pod %s at once", pod).isFalse();
            assertThat(same.get(0).lab()).as("one lab per pod").isEqualTo(same.get(1).lab());
        }
        assertThat(spans).anySatisfy(a -> assertThat(spans).anyMatch(b -> !a.pod().equals(b.pod()) && a.overlaps(b)));
        assertThat(spans.stream().map(Span::lab).distinct()).as("a lab per pod").hasSize(2);
        long first = spans.stream().mapToLong(Span::startNanos).min().orElseThrow();
        spans.forEach(s -> System.out.printf("%-6s %-9s %5d..%5d ms  lab %s%n", s.pod(), s.test(),
                (s.startNanos() - first) / 1_000_000, (s.endNanos() - first) / 1_000_000, s.lab()));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(LabProcesses.under(labs)).isEmpty());
    }
}
