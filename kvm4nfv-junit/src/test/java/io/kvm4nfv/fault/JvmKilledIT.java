package io.kvm4nfv.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.junit.Cyclictest;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.Stress;
import io.kvm4nfv.load.StressType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault: the test JVM is killed with {@code kill -9} in the middle of a measurement (guest
 * booted, stress-ng on the host, cyclictest running in the guest). Nothing of the lab may
 * survive it for more than 10 s, and the result the run had already recorded must be
 * intact on disk.
 */
class JvmKilledIT {

    @TempDir
    Path temp;

    /** Run in the child JVM: one short measurement that is recorded, then one that is killed. */
    @Kvm4nfvTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class KilledMidMeasurement {
        @Test
        @Cyclictest(loops = 500)
        void a_recorded() {
        }

        @Test
        @Stress(value = StressType.CPU)
        @Cyclictest(durationSeconds = 300)
        void b_killedMidway() {
        }
    }

    @Test
    void killMinus9MidMeasurementLeavesNoProcessAndKeepsTheRecordedResult() throws Exception {
        Path base = temp.resolve("labs");
        Path results = temp.resolve("results");
        Path log = temp.resolve("child.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-D" + "kvm4nfv.lab.dir=" + base,
                "-Dkvm4nfv.config.dir=" + FaultLab.configDir(),
                "-Dkvm4nfv.lab.accel=tcg",
                ChildLauncherMain.class.getName(), KilledMidMeasurement.class.getName(),
                "kvm4nfv.publish.resultsDir=" + results)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path raw = results.resolve("raw").resolve("KilledMidMeasurement.b_killedMidway-cyclictest.txt");
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500))
                    .failFast("child ended: " + tail(log), () -> !child.isAlive())
                    .until(() -> Files.exists(raw) && LabProcesses.under(base).stream().anyMatch(p -> p.contains("stress-ng")));
            Thread.sleep(2_000); // cyclictest is running in the guest now
            List<String> before = LabProcesses.under(base);
            assertThat(before).as("lab processes before the kill")
                    .anyMatch(p -> p.contains("qemu-system"))
                    .anyMatch(p -> p.contains("sshd"))
                    .anyMatch(p -> p.contains("stress-ng"));

            long killedAt = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor(5, TimeUnit.SECONDS);
            assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(LabProcesses.under(base)).as("lab processes after kill -9").isEmpty());
            System.out.printf("kill -9 mid-measurement: %d lab processes (%s) gone after %d ms%n", before.size(),
                    before.stream().map(p -> p.split(" ")[1]).distinct().toList(),
                    (System.nanoTime() - killedAt) / 1_000_000);
        } finally {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            // whatever happened: let the child's watchdog finish before @TempDir removes its lab directory
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> LabProcesses.under(base).isEmpty());
        }

        List<String> lines = Files.readAllLines(results.resolve("results.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).as("the recorded result survives, complete").hasSize(1);
        JsonNode record = new ObjectMapper().readTree(lines.get(0));
        assertThat(record.toString()).contains("kvmfornfv_cyclictest_idle_idle");
        assertThat(Files.readString(results.resolve("summary.txt"))).startsWith("kvmfornfv_cyclictest_idle_idle")
                .endsWith("\n");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
