package io.kvm4nfv.junit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.fault.Kit;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deliberately impossible SLA on the embedded lab: under {@code sla.action: assert} the test
 * fails with a message that lists every violated bound, and the measurement was recorded all
 * the same; under {@code monitor} the same violations are recorded (criteria FAIL) and the test
 * passes.
 */
class SlaVerdictIT {

    @TempDir
    Path results;

    @Kvm4nfvTest
    @Pod("local")
    static class TooTight {
        static volatile CyclictestResult injected;

        @org.junit.jupiter.api.Test
        @Cyclictest(loops = 2000, minUs = 0.5, avgUs = 1, maxUs = 2)
        void impossible(CyclictestResult result) {
            injected = result;
        }
    }

    @Test
    void tooTightSlaFailsListingEachBoundAndTheResultIsKept() throws Exception {
        // the failsafe run monitors SLAs (CI never judges TCG timing): this test is of assert itself
        Events events = Kit.run(Duration.ofMinutes(5), Map.of("kvm4nfv.sla.action", "assert"),
                Map.of("kvm4nfv.publish.resultsDir", results.toString(),
                        "junit.platform.execution.listeners.deactivate", "*"), TooTight.class).testEvents();

        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage())
                .startsWith("SLA violated: cyclictest Idle-Idle on pod local violates 3 bound(s):")
                .contains("thread 0: minUs").contains("> limit 0.5 us")
                .contains("thread 0: avgUs").contains("> limit 1 us")
                .contains("thread 0: maxUs").contains("> limit 2 us");

        // the body ran with the injected result, and the same result is on disk
        CyclictestResult result = TooTight.injected;
        assertThat(result).isNotNull();
        assertThat(result.thread(0).samples()).isEqualTo(2000);
        List<String> lines = Files.readAllLines(results.resolve("results.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode line = ResultsFile.JSON.readTree(lines.get(0));
        assertThat(line.get("name").asText()).isEqualTo("kvmfornfv_cyclictest_idle_idle");
        assertThat(line.at("/result/criteria").asText()).as("recorded with the verdict's criteria").isEqualTo("FAIL");
        assertThat(line.at("/result/details/threads/0/maxUs").isNumber()).isTrue();
        assertThat(line.at("/result/details/threads/0/maxUs").asLong()).isEqualTo(result.thread(0).maxUs());
        assertThat(Files.readString(results.resolve("summary.txt"))).contains("Idle-Idle").contains("maxUs <= 2");
    }

    @Test
    void underMonitorTheSameViolationsAreRecordedAndReportedButTheTestPasses() throws Exception {
        TooTight.injected = null;
        var run = Kit.run(Duration.ofMinutes(5), Map.of("kvm4nfv.sla.action", "monitor"),
                Map.of("kvm4nfv.publish.resultsDir", results.toString(),
                        "junit.platform.execution.listeners.deactivate", "*"), TooTight.class);

        run.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(TooTight.injected).isNotNull();
        List<String> lines = Files.readAllLines(results.resolve("results.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode line = ResultsFile.JSON.readTree(lines.get(0));
        assertThat(line.at("/result/criteria").asText()).as("monitor records the violation").isEqualTo("FAIL");
        assertThat(Files.readString(results.resolve("summary.txt"))).contains("FAIL");
    }
}
