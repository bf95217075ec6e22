package io.kvm4nfv.fault;

import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the embedded lab while a {@code @Kvm4nfvTest} class runs (through
 * {@code EngineTestKit}): the results folder cannot be written, the guest's QEMU is killed
 * in the middle of cyclictest, the host's sshd is killed in the middle of a command. Each
 * ends the test with a specific error (never a pass, never a hang), and leaves no process
 * of the lab behind.
 */
class LabFaultsIT {

    @TempDir
    Path temp;
    private Path labs;

    @Kvm4nfvTest
    static class ShortMeasurement {
        @Test
        @Cyclictest(loops = 300)
        void measures() {
        }
    }

    @Kvm4nfvTest
    static class LongMeasurement {
        @Test
        @Cyclictest(durationSeconds = 240)
        void measures() {
        }
    }

    /** Kills the host's sshd (listener and sessions) one second into a 60 s command. */
    @Kvm4nfvTest
    static class SshdKilledMidCommand {
        @Test
        void runs(Lab lab) throws Exception {
            Node host = lab.node("host");
            Path pidFile = ((EmbeddedLab) lab).directory().sshdDir("host").resolve("sshd.pid");
            long sshd = Long.parseLong(Files.readString(pidFile).trim());
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() ->
                    ProcessHandle.of(sshd).ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }));
            host.exec("sleep 60; echo finished", Duration.ofSeconds(90));
        }
    }

    @BeforeEach
    void setUp() {
        labs = temp.resolve("labs");
    }

    @AfterEach
    void nothingLeft() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(LabProcesses.under(labs)).as("lab processes after the run").isEmpty());
    }

    private Kit.Outcome onlyProblem(EngineExecutionResults results) {
        List<Kit.Outcome> problems = Kit.problems(results);
        assertThat(results.testEvents().succeeded().count()).as("no test passes despite the fault").isZero();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void anUnwritableResultsFolderFailsTheTestNamingThePath() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "a file where the results folder's parent should be");
        Path results = file.resolve("results");
        Kit.Outcome outcome = onlyProblem(Kit.run(Kit.labProperties(labs),
                Map.of("kvm4nfv.publish.resultsDir", results.toString()), ShortMeasurement.class));
        assertThat(outcome.status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcome.messages()).contains("cannot create " + results);
        assertThat(file).hasContent("a file where the results folder's parent should be");
    }

    @Test
    void theGuestsQemuKilledMidCyclictestFailsTheTestQuicklyAndClearly() throws Exception {
        Path results = temp.resolve("results");
        CompletableFuture<EngineExecutionResults> run = CompletableFuture.supplyAsync(() -> Kit.run(
                Kit.labProperties(labs), Map.of("kvm4nfv.publish.resultsDir", results.toString()),
                LongMeasurement.class));
        Path raw = results.resolve("raw/LongMeasurement.measures-cyclictest.txt");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .failFast("the run ended before cyclictest started", run::isDone)
                .until(() -> Files.exists(raw));
        Thread.sleep(2_000);
        List<String> qemu = LabProcesses.under(labs).stream().filter(p -> p.contains("qemu-system")).toList();
        assertThat(qemu).hasSize(1);
        long killedAt = System.nanoTime();
        ProcessHandle.of(Long.parseLong(qemu.get(0).split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);

        Kit.Outcome outcome = onlyProblem(run.get(2, TimeUnit.MINUTES));
        long ms = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("QEMU killed mid-cyclictest: test ended %d ms later: %s%n", ms, outcome.messages());
        assertThat(outcome.status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcome.messages()).contains("guest");
        assertThat(ms).as("the run notices the dead guest at once, not at cyclictest's end").isLessThan(60_000);
        assertThat(results.resolve("results.jsonl")).doesNotExist();
    }

    @Test
    void theHostsSshdKilledMidCommandFailsTheTestNamingTheHost() {
        long start = System.nanoTime();
        Kit.Outcome outcome = onlyProblem(Kit.run(Kit.labProperties(labs), Map.of(), SshdKilledMidCommand.class));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("sshd killed mid-command: test ended after %d ms: %s%n", ms, outcome.messages());
        assertThat(outcome.status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcome.messages()).contains("host").contains("127.0.0.1");
        assertThat(ms).as("not the 60 s of the command").isLessThan(55_000);
    }
}
