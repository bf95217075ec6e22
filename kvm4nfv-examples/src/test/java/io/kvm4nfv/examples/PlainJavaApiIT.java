package io.kvm4nfv.examples;

import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.orchestration.LatencyTest;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.orchestration.ProbeSession;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static io.kvm4nfv.junit.Kvm4nfvAssertions.assertThat;
import static io.kvm4nfv.load.StressTarget.HOST;
import static io.kvm4nfv.load.StressType.CPU;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU_stress-Idle test written with the plain Java API: no @Cyclictest, no @Stress — only
 * the injected {@link Lab} (the same shared lab the annotated classes use) and the lines of the
 * README's "Plain Java" section. The {@link ProbeSession} runs it through the same probe
 * lifecycle as the annotations: stress on the pod's stress CPUs around cyclictest, the result
 * recorded and published with its criteria, the pod's SLA judged with the pod's
 * {@code sla.action}.
 */
@Kvm4nfvTest
@DisplayName("KVM4NFV timer latency from plain Java")
class PlainJavaApiIT {

    @Test
    @DisplayName("CPU_stress-Idle, plain Java")
    void cpuStressIdleWithoutAnnotations(Lab lab) throws Exception {
        // the README's lines, with Allure's journal so that the report shows the same steps
        try (ProbeSession session = ProbeSession.open(lab, new AllureJournal(System.out::println))) {
            Outcome<CyclictestResult> outcome = session.run(LatencyTest.of(lab).withStress(CPU, HOST).withLoops(5_000));
            outcome.assertSlaMet();

            assertThat(outcome.result()).hasThreads(1).hasAtLeastSamples(5_000);
            assertThat(outcome.result().testType()).isEqualTo("CPU_stress-Idle");
            assertThat(outcome.result().commandLine()).as("@Cyclictest's command line").containsSequence("-h", "20000");
            assertThat(outcome.sla()).as("the pod's sla.cyclictest").isEqualTo(
                    io.kvm4nfv.probe.cyclictest.LatencySla.of(lab.pod().sla().cyclictest()).describe());
            assertThat(outcome.criteria()).isEqualTo(outcome.slaMet() ? Criteria.PASS : Criteria.FAIL);
            String recorded = "\"name\":\"kvmfornfv_cyclictest_cpustress_idle\"";
            assertThat(Files.readAllLines(session.resultsDir().resolve("results.jsonl")))
                    .as("results.jsonl has the plain-Java result (%s)", recorded)
                    .anyMatch(line -> line.contains(recorded) && line.contains("\"criteria\":\"" + outcome.criteria()));
        }
    }
}
