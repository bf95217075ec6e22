package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.publish.AllureRunFiles.Category;
import io.kvm4nfv.publish.measure.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class AllureRunFilesTest {

    private static final String SLA = "SLA violated: cyclictest Idle-Idle on pod local violates 1 bound(s):\n"
            + "  - all threads: maxUs 2045 us > limit 1000 us";

    /** The categories a result lands in, as Allure decides (every category whose regexes fully match). */
    private static List<String> categoriesOf(String status, String message, String trace) {
        return AllureRunFiles.CATEGORIES.stream().filter(c -> c.matches(status, message, trace)).map(Category::name)
                .toList();
    }

    private static String trace(String type, String message, String... more) {
        return type + ": " + message + "\n\tat io.kvm4nfv.junit.Kvm4nfvExtension.interceptTestMethod(Kvm4nfvExtension.java:91)\n"
                + String.join("\n", more);
    }

    @Test
    void anSlaVerdictIsAnSlaViolationOnly() {
        String trace = trace("org.opentest4j.AssertionFailedError", SLA,
                "\tat io.kvm4nfv.lab.EmbeddedLab.guest(EmbeddedLab.java:10)", "setup step mentioned in a frame");
        assertThat(categoriesOf("failed", SLA, trace)).containsExactly("SLA violations");
    }

    @Test
    void aPassedTestWhoseSlaOnlyMonitorsHasItsOwnCategory() {
        String monitored = "SLA violated (monitor): 1 bound(s), the test is not failed (sla.action: monitor)\n" + SLA;
        assertThat(categoriesOf("passed", monitored, null)).containsExactly("SLA violated (monitor)");
        assertThat(categoriesOf("failed", monitored, trace("org.opentest4j.AssertionFailedError", monitored)))
                .as("a failed test is judged by its failure").doesNotContain("SLA violated (monitor)");
        assertThat(categoriesOf("passed", SLA, null)).isEmpty();
    }

    @Test
    void setupNodeAndAvailabilityFailuresAreInfrastructureErrors() {
        String setup = "step 2 'reboot' of host-setup failed";
        assertThat(categoriesOf("broken", setup, trace("io.kvm4nfv.setup.SetupFailedException", setup)))
                .containsExactly("Infrastructure errors");
        String aborted = "Assumption failed: pod local is not available: sshd did not start";
        assertThat(categoriesOf("skipped", aborted, trace("org.opentest4j.TestAbortedException", aborted)))
                .containsExactly("Infrastructure errors");
        String wrapped = trace("java.lang.IllegalStateException", "cyclictest could not run",
                "Caused by: io.kvm4nfv.node.CommandFailedException: exit 255", "\tat x.y(Z.java:1)");
        assertThat(categoriesOf("broken", "cyclictest could not run", wrapped)).containsExactly("Infrastructure errors");
        String ssh = trace("net.schmizz.sshj.transport.TransportException", "Broken transport; encountered EOF");
        assertThat(categoriesOf("broken", "Broken transport; encountered EOF", ssh)).containsExactly("Infrastructure errors");
    }

    @Test
    void otherFailuresAreProductBugs() {
        String message = "expected: 2 but was: 3";
        assertThat(categoriesOf("failed", message, trace("org.opentest4j.AssertionFailedError", message)))
                .containsExactly("Product bugs");
        String npe = "Cannot invoke \"String.length()\" because \"s\" is null";
        assertThat(categoriesOf("broken", npe, trace("java.lang.NullPointerException", npe)))
                .containsExactly("Product bugs");
        assertThat(categoriesOf("passed", null, null)).isEmpty();
        assertThat(categoriesOf("skipped", "disabled", trace("org.opentest4j.TestSkippedException", "disabled")))
                .isEmpty();
    }

    @Test
    void categoriesJsonHoldsTheSameRegexesAllureReads(@TempDir Path dir) throws Exception {
        Path file = AllureRunFiles.writeCategories(dir.resolve("allure-results"));
        JsonNode json = ResultsFile.JSON.readTree(file.toFile());
        assertThat(json).hasSize(AllureRunFiles.CATEGORIES.size());
        for (int i = 0; i < AllureRunFiles.CATEGORIES.size(); i++) {
            Category c = AllureRunFiles.CATEGORIES.get(i);
            JsonNode node = json.get(i);
            assertThat(node.get("name").asText()).isEqualTo(c.name());
            assertThat(node.path("messageRegex").isMissingNode()).isEqualTo(c.messageRegex() == null);
            assertThat(node.path("traceRegex").asText(null)).isEqualTo(c.traceRegex());
            assertThat(node.get("matchedStatuses")).extracting(JsonNode::asText).containsExactlyElementsOf(c.matchedStatuses());
        }
        assertThat(json.get(0).get("messageRegex").asText()).isEqualTo(AllureRunFiles.CATEGORIES.get(0).messageRegex());
    }

    @Test
    void environmentDescribesLabAndRunWithoutSecrets(@TempDir Path dir) throws Exception {
        RunInfo run = new RunInfo("task-7", "ignored", "none", "os-nosdn-kvm-noha", "0.1.0");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("accelerator", "tcg");
        facts.put("host.kernel", "6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1");
        facts.put("guest0.kernel", "6.1.0-28-amd64");
        facts.put("host.qemu", "QEMU emulator version 7.2.15 (Debian 1:7.2+dfsg-7+deb12u12)");
        facts.put("influx.password", "hunter2");
        facts.put("ssh.privateKey", "/root/.ssh/id_ed25519");
        Map<String, String> env = AllureRunFiles.environment(run, new LabInfo("local", "embedded", facts),
                Map.of("results.dispatch", "file: sent 2, spooled 0, re-sent 0, rejected 0, pending 0"));
        Path file = AllureRunFiles.writeEnvironment(dir, env);

        Properties read = new Properties();
        try (Reader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            read.load(r);
        }
        assertThat(read).containsEntry("pod", "local").containsEntry("kind", "embedded")
                .containsEntry("accelerator", "tcg").containsEntry("scenario", "os-nosdn-kvm-noha")
                .containsEntry("host.kernel", "6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1")
                .containsEntry("host.qemu", "QEMU emulator version 7.2.15 (Debian 1:7.2+dfsg-7+deb12u12)")
                .containsEntry("results.dispatch", "file: sent 2, spooled 0, re-sent 0, rejected 0, pending 0")
                .containsEntry("task_id", "task-7")
                .doesNotContainKeys("influx.password", "ssh.privateKey");
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    }
}
