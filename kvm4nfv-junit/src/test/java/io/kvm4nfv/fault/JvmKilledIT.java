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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the test JVM is killed with {@code kill -9} in the middle of a measurement (guest
 * booted, stress-ng on the host, cyclictest running in the guest). Nothing of the run
 * ({@link RunFootprint}: processes, sockets, folders) may survive it for more than 5 s, and the
 * result the run had already recorded must be intact on disk.
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
        Path results;
        try (KilledRun run = KilledRun.start(temp, KilledMidMeasurement.class)) {
            results = run.results();
            Path raw = results.resolve("raw").resolve("KilledMidMeasurement.b_killedMidway-cyclictest.txt");
            run.awaitReady(Duration.ofMinutes(8), () -> Files.exists(raw)
                    && LabProcesses.under(run.base()).stream().anyMatch(p -> p.contains("stress-ng")));
            Thread.sleep(2_000); // cyclictest is running in the guest now
            List<String> before = LabProcesses.under(run.base());
            assertThat(before).as("lab processes before the kill")
                    .anyMatch(p -> p.contains("qemu-system"))
                    .anyMatch(p -> p.contains("sshd"))
                    .anyMatch(p -> p.contains("stress-ng"));

            run.killAndAwaitNothingLeft("cyclictest runs in the guest with stress-ng on the host",
                    Duration.ofSeconds(5));
        }

        List<String> lines = Files.readAllLines(results.resolve("results.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).as("the recorded result survives, complete").hasSize(1);
        JsonNode record = new ObjectMapper().readTree(lines.get(0));
        assertThat(record.toString()).contains("kvmfornfv_cyclictest_idle_idle");
        assertThat(Files.readString(results.resolve("summary.txt"))).startsWith("kvmfornfv_cyclictest_idle_idle")
                .endsWith("\n");
    }
}
