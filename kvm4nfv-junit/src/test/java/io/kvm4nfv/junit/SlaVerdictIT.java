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
                .startsWith("SLA violated: cyclictest Idle-Idle on pod local violates 3 bound(s) of ")
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

    /**
     * As a user sees monitor mode in the report: the test is green in Allure, with the warning step
     * and the message that puts it into the "SLA violated (monitor)" category (through the launcher,
     * so that Allure's listener writes the result), and its points carry {@code sla_violated=1}.
     */
    @Test
    void underMonitorAllureShowsAPassedTestInTheMonitorCategoryAndThePointsSayViolated() throws Exception {
        String before = System.getProperty("kvm4nfv.sla.action");
        System.setProperty("kvm4nfv.sla.action", "monitor");
        long started = System.currentTimeMillis();
        var summary = new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
        try {
            var request = org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(TooTight.class))
                    .configurationParameter("kvm4nfv.publish.resultsDir", results.toString()).build();
            // Allure's listener is not auto-registered in this module's runs (junit-platform.properties): here only
            var launcher = org.junit.platform.launcher.core.LauncherFactory.create(
                    org.junit.platform.launcher.core.LauncherConfig.builder()
                            .enableTestExecutionListenerAutoRegistration(false)
                            .addTestExecutionListeners(new io.qameta.allure.junitplatform.AllureJunitPlatform()).build());
            launcher.execute(request, summary);
        } finally {
            if (before == null) {
                System.clearProperty("kvm4nfv.sla.action");
            } else {
                System.setProperty("kvm4nfv.sla.action", before);
            }
        }
        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);

        JsonNode allure = newestAllureResult("TooTight", started);
        assertThat(allure.get("status").asText()).isEqualTo("passed");
        assertThat(allure.at("/statusDetails/message").asText())
                .startsWith("SLA violated (monitor): 3 bound(s), the test is not failed (sla.action: monitor)")
                .contains("maxUs");
        assertThat(allure.toString()).contains("WARNING: SLA verdict: 3 bound(s) violated (sla.action: monitor");
        assertThat(io.kvm4nfv.publish.AllureRunFiles.CATEGORIES).filteredOn(c -> c.matches("passed",
                allure.at("/statusDetails/message").asText(), null)).extracting(c -> c.name())
                .containsExactly("SLA violated (monitor)");

        JsonNode line = ResultsFile.JSON.readTree(Files.readAllLines(results.resolve("results.jsonl")).get(0));
        assertThat(line.at("/result/criteria").asText()).isEqualTo("FAIL");
        assertThat(line.toString()).contains("\"sla_violated\":1.0");
    }

    /** The newest Allure result of a test whose full name contains {@code name}, written after {@code sinceMillis}. */
    private static JsonNode newestAllureResult(String name, long sinceMillis) throws Exception {
        Path dir = io.kvm4nfv.publish.AllureRunFiles.resultsDirectory();
        JsonNode newest = null;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith("-result.json"))::iterator) {
                JsonNode r = ResultsFile.JSON.readTree(f.toFile());
                if (r.path("fullName").asText().contains(name) && r.path("start").asLong() >= sinceMillis
                        && (newest == null || r.path("start").asLong() > newest.path("start").asLong())) {
                    newest = r;
                }
            }
        }
        assertThat(newest).as("an Allure result of %s in %s", name, dir.toAbsolutePath()).isNotNull();
        return newest;
    }
}
