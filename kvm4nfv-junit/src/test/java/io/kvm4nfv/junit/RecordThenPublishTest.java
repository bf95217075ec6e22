package io.kvm4nfv.junit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.ThreadLatency;
import io.kvm4nfv.result.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link ResultRecording} (the recorder every probe uses) through the real extension stack: the result is in the results
 * file and in {@code yardstick.out} with its criteria before the verdict, a failed SLA
 * publishes FAIL, a dispatcher that is down does not fail the test (unless asked to), and
 * the run ends with a dispatch report and the Allure run files.
 */
class RecordThenPublishTest {

    /** What the probe saw in yardstick.out right before its verdict: test name → criteria there. */
    static final Map<String, String> SEEN_AT_VERDICT = Collections.synchronizedMap(new TreeMap<>());

    @TempDir
    Path dir;
    private String allureBefore;

    @BeforeEach
    void allureDir() {
        allureBefore = System.getProperty("allure.results.directory");
        System.setProperty("allure.results.directory", dir.resolve("allure-results").toString());
        SEEN_AT_VERDICT.clear();
    }

    @AfterEach
    void restoreAllureDir() {
        if (allureBefore == null) {
            System.clearProperty("allure.results.directory");
        } else {
            System.setProperty("allure.results.directory", allureBefore);
        }
    }

    /** The SLA bound of the fake probe: the fixture's max latency is 150 us. */
    @Retention(RetentionPolicy.RUNTIME)
    @interface FakeMaxUs {
        double value();
    }

    /** A probe like the real ones: measure, compute violations, record, and judge after the body. */
    static final class FakeProbe implements BeforeTestExecutionCallback, InvocationInterceptor {
        @Override
        public void beforeTestExecution(ExtensionContext context) {
            FakeMaxUs sla = context.getRequiredTestMethod().getAnnotation(FakeMaxUs.class);
            if (sla == null) {
                return;
            }
            CyclictestResult result = result();
            List<Violation> violations = new ArrayList<>();
            if (result.aggregate().maxUs() > sla.value()) {
                violations.add(new Violation("all threads", "maxUs", result.aggregate().maxUs(), sla.value(), "us", ""));
            }
            ResultRecording.recorder(context, TestContexts.journal()).record("cyclictest", measurement(context), result,
                    KvmfornfvMeasurements::points, "max " + result.aggregate().maxUs() + " us", violations);
            context.getStore(TestContexts.NAMESPACE).put("fake-violations", violations);
        }

        @Override
        public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
            invocation.proceed();
            @SuppressWarnings("unchecked")
            List<Violation> violations = context.getStore(TestContexts.NAMESPACE).get("fake-violations", List.class);
            if (violations == null) {
                return;
            }
            Path yardstick = ResultRecording.resultsDir(context).resolve("yardstick.out");
            String criteria = Files.exists(yardstick) ? ResultsFile.JSON.readTree(yardstick.toFile()).path("result")
                    .path("testcases").path(measurement(context)).path("criteria").asText("absent") : "no file";
            SEEN_AT_VERDICT.put(context.getRequiredTestMethod().getName(), criteria);
            if (!violations.isEmpty()) {
                throw new AssertionFailedError("SLA violated: " + violations.get(0).describe());
            }
        }

        private static String measurement(ExtensionContext context) {
            return "kvmfornfv_cyclictest_" + context.getRequiredTestMethod().getName().toLowerCase();
        }
    }

    /** A probe that does not say its violations: published when the test ends, criteria from its outcome. */
    static final class OutcomeProbe implements BeforeTestExecutionCallback {
        @Override
        public void beforeTestExecution(ExtensionContext context) {
            if (context.getRequiredTestMethod().getName().startsWith("migration")) {
                ResultRecording.recordUnjudged(context, "migration", "kvmfornfv_live_migration_" + context.getRequiredTestMethod()
                        .getName().toLowerCase(), Map.of("total_ms", 430, "downtime_ms", 6), "total 430 ms");
            }
        }
    }

    @Kvm4nfvTest
    @ExtendWith({FakeProbe.class, OutcomeProbe.class})
    static class Probed {
        @Test
        @FakeMaxUs(1000)
        void within() {
        }

        @Test
        @FakeMaxUs(100)
        void violated() {
        }

        @Test
        void migrationPassed() {
        }

        @Test
        void migrationFailed() {
            throw new AssertionFailedError("SLA violated: downtime 12 ms > limit 10 ms");
        }
    }

    /** Records a packet-forwarding result without a verdict: published when the test ends. */
    static final class ForwardingProbe implements BeforeTestExecutionCallback {
        @Override
        public void beforeTestExecution(ExtensionContext context) {
            ForwardingResult result = new ForwardingResult("pvp_tput", "pvp", "OVS_netdev", "sockperf+iperf3",
                    List.of(new FrameSizeResult(64, 11.0, 12.5, 40.25, List.of(), 1488095.0, 761.9, 0.0, null, null)),
                    Instant.EPOCH, Duration.ofSeconds(1), null);
            ResultRecording.recordUnjudged(context, "forwarding", "pvp_tput_OVS_netdev", result, "pvp 64 B");
        }
    }

    /** {@link Scenario} without its extension: no lab is opened, only the results carry it. */
    @ExtendWith({Kvm4nfvExtension.class, FakeProbe.class, ForwardingProbe.class})
    @Scenario(CLASS_SCENARIO)
    static class OnScenario {
        @Test
        @FakeMaxUs(1000)
        void classScenario() {
        }

        @Test
        @FakeMaxUs(1000)
        @Scenario(METHOD_SCENARIO)
        void methodScenario() {
        }
    }

    static final String CLASS_SCENARIO = "os-nosdn-kvm_ovs_dpdk-noha";
    static final String METHOD_SCENARIO = "os-nosdn-kvm-ha";

    @Test
    void theTestsScenarioIsTheDeployScenarioOfEveryResultItPublishes() throws Exception {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnScenario.class))
                .configurationParameter("kvm4nfv.publish.resultsDir", dir.resolve("results").toString())
                .configurationParameter("kvm4nfv.publish.spoolDir", dir.resolve("spool").toString())
                .execute().testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        JsonNode cases = testcases();
        assertThat(cases.at("/kvmfornfv_cyclictest_classscenario/tc_data/0/deploy_scenario").asText())
                .isEqualTo(CLASS_SCENARIO);
        assertThat(cases.at("/kvmfornfv_cyclictest_methodscenario/tc_data/0/deploy_scenario").asText())
                .isEqualTo(METHOD_SCENARIO);
        assertThat(cases.at("/pvp_tput_OVS_netdev/tc_data")).extracting(e -> e.get("deploy_scenario").asText())
                .containsExactlyInAnyOrder(CLASS_SCENARIO, METHOD_SCENARIO);
        String env = System.getenv("DEPLOY_SCENARIO");
        assertThat(ResultsFile.JSON.readTree(dir.resolve("results/yardstick.out").toFile()).at("/result/info/deploy_scenario")
                .asText()).as("two scenarios in the run: the run's own").isEqualTo(env == null || env.isBlank() ? "unknown" : env);

        Map<String, List<String>> pointScenarios = new TreeMap<>();
        for (String line : resultLines()) {
            JsonNode record = ResultsFile.JSON.readTree(line).path("result");
            for (JsonNode point : record.path("measurements")) {
                pointScenarios.computeIfAbsent(point.get("name").asText(), k -> new ArrayList<>())
                        .add(point.at("/tags/deploy_scenario").asText() + "=" + record.get("scenario").asText());
            }
        }
        assertThat(pointScenarios.get("kvmfornfv_cyclictest_idle_idle")).as("aggregate + 2 threads, per test")
                .containsOnly(CLASS_SCENARIO + "=" + CLASS_SCENARIO, METHOD_SCENARIO + "=" + METHOD_SCENARIO).hasSize(6);
        assertThat(pointScenarios.get("kvmfornfv_packet_forwarding_pvp"))
                .containsExactlyInAnyOrder(CLASS_SCENARIO + "=" + CLASS_SCENARIO, METHOD_SCENARIO + "=" + METHOD_SCENARIO);
    }

    private EngineExecutionResults run(Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(Probed.class))
                .configurationParameter("kvm4nfv.publish.resultsDir", dir.resolve("results").toString())
                .configurationParameter("kvm4nfv.publish.spoolDir", dir.resolve("spool").toString())
                .configurationParameters(parameters).execute();
    }

    private JsonNode testcases() throws IOException {
        return ResultsFile.JSON.readTree(dir.resolve("results/yardstick.out").toFile()).path("result").path("testcases");
    }

    private List<String> resultLines() throws IOException {
        return Files.readAllLines(dir.resolve("results/results.jsonl"));
    }

    @Test
    void criteriaArePublishedBeforeTheVerdictAndAgreeWithIt() throws Exception {
        EngineExecutionResults results = run(Map.of());

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(2).failed(2));
        assertThat(SEEN_AT_VERDICT).containsEntry("within", "PASS").containsEntry("violated", "FAIL");
        JsonNode cases = testcases();
        assertThat(cases.path("kvmfornfv_cyclictest_within").path("criteria").asText()).isEqualTo("PASS");
        assertThat(cases.path("kvmfornfv_cyclictest_violated").path("criteria").asText()).isEqualTo("FAIL");
        assertThat(cases.path("kvmfornfv_cyclictest_violated").path("tc_data").get(0).path("data").path("aggregate")
                .path("maxUs").asLong()).isEqualTo(150);
        assertThat(cases.path("kvmfornfv_live_migration_migrationpassed").path("criteria").asText()).isEqualTo("PASS");
        assertThat(cases.path("kvmfornfv_live_migration_migrationfailed").path("criteria").asText()).isEqualTo("FAIL");

        String summary = Files.readString(dir.resolve("results/summary.txt"));
        assertThat(summary).contains("kvmfornfv_cyclictest_within  PASS  max 150 us")
                .contains("kvmfornfv_cyclictest_violated  FAIL  max 150 us")
                .contains("kvmfornfv_live_migration_migrationfailed  FAIL");
        // the cyclictest results once, the outcome-judged ones twice (as measured, as published)
        assertThat(resultLines()).hasSize(6);
        assertThat(Files.readString(dir.resolve("results/dispatch-report.txt")))
                .contains("file: sent 4, spooled 0, re-sent 0, rejected 0, pending 0");
        Path allure = dir.resolve("allure-results");
        assertThat(allure.resolve("categories.json")).content().contains("SLA violations", "Infrastructure errors",
                "Product bugs");
        assertThat(allure.resolve("environment.properties")).content().contains("pod=local")
                .contains("results.dispatch=file\\: sent 4");
    }

    @Test
    void aDispatcherThatIsDownSpoolsWithoutFailingTheTest() throws Exception {
        Map<String, String> http = Map.of("kvm4nfv.publish.dispatchers", "file,http",
                "kvm4nfv.publish.http.url", "http://127.0.0.1:" + closedPort() + "/api/v1/results",
                "kvm4nfv.publish.timeoutMs", "2000");
        EngineExecutionResults results = run(http);

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(2).failed(2));
        assertThat(SEEN_AT_VERDICT).containsEntry("within", "PASS").containsEntry("violated", "FAIL");
        assertThat(Files.readString(dir.resolve("results/dispatch-report.txt"))).contains("http: sent 0, spooled 4")
                .contains("pending 4").contains("file: sent 4");
        try (var spooled = Files.list(dir.resolve("spool/http"))) {
            assertThat(spooled.filter(p -> p.toString().endsWith(".json"))).hasSize(4);
        }
    }

    @Test
    void failOnDispatchErrorFailsTheTestButKeepsTheResult() throws Exception {
        Map<String, String> http = Map.of("kvm4nfv.publish.dispatchers", "http",
                "kvm4nfv.publish.http.url", "http://127.0.0.1:" + closedPort() + "/api/v1/results",
                "kvm4nfv.publish.failOnDispatchError", "true", "kvm4nfv.publish.timeoutMs", "2000");
        EngineExecutionResults results = run(http);

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(4);
        assertThat(failed).map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow().getClass().getSimpleName())
                .contains("DispatchFailedException");
        assertThat(resultLines()).anyMatch(l -> l.contains("kvmfornfv_cyclictest_within") && l.contains("\"PASS\""));
    }

    @Test
    void aBrokenPublishingConfigurationKeepsTheResultAndNamesTheKey() throws Exception {
        EngineExecutionResults results = run(Map.of("kvm4nfv.publish.dispatchers", "influxdb"));

        Event within = results.testEvents().failed().list().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("within")).findFirst().orElseThrow();
        assertThat(within.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow()).hasMessageContaining("kvm4nfv.publish.influxdb.url");
        assertThat(resultLines()).anyMatch(l -> l.contains("kvmfornfv_cyclictest_within"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Thread 0: 1000 samples, max 40; thread 1: 1000 samples, max 150 (one overflow above 100 us). */
    static CyclictestResult result() {
        TreeMap<Integer, Long> b0 = new TreeMap<>(Map.of(3, 500L, 5, 400L, 10, 99L, 40, 1L));
        TreeMap<Integer, Long> b1 = new TreeMap<>(Map.of(4, 900L, 6, 99L));
        ThreadLatency t0 = ThreadLatency.of(0, 1000, 3, 4.53, 40, new LatencyHistogram(100, b0, 0));
        ThreadLatency t1 = ThreadLatency.of(1, 1000, 4, 4.344, 150, new LatencyHistogram(100, b1, 1));
        return CyclictestResult.of("Idle-Idle", List.of("cyclictest", "-m", "-q"), List.of(t0, t1), null);
    }
}
