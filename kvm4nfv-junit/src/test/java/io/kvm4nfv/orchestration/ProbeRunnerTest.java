package io.kvm4nfv.orchestration;

import io.kvm4nfv.config.SlaAction;
import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.load.StressType;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.Sla;
import io.kvm4nfv.result.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one probe lifecycle with a real results file and a real stress-ng load on this machine:
 * judged before it is recorded, recorded (with the verdict's criteria) before anyone can throw
 * the verdict, loads stopped also when the measurement fails, {@code sla.action} respected.
 */
class ProbeRunnerTest {

    /** A result with one figure. */
    record Figure(double valueMs) {
    }

    /** {@code valueMs <= limitMs}. */
    record FigureSla(double limitMs) implements Sla<Figure> {
        @Override
        public List<Violation> violations(Figure result) {
            return result.valueMs() <= limitMs ? List.of()
                    : List.of(new Violation("figure", "valueMs", result.valueMs(), limitMs, "ms", ""));
        }

        @Override
        public String describe() {
            return "valueMs <= " + limitMs;
        }
    }

    /** A probe whose measurement is {@code body}. */
    record FigureProbe(Callable<Figure> body, double limitMs, List<String> attached) implements Probe<Figure> {
        @Override
        public String kind() {
            return "figure";
        }

        @Override
        public String title() {
            return "measure the figure";
        }

        @Override
        public Figure measure(Journal journal) throws Exception {
            return body.call();
        }

        @Override
        public Sla<Figure> sla() {
            return new FigureSla(limitMs);
        }

        @Override
        public String measurement(Figure result) {
            return "kvmfornfv_figure";
        }

        @Override
        public String subject(Figure result) {
            return "the figure";
        }

        @Override
        public String summary(Figure result) {
            return "value " + result.valueMs() + " ms";
        }

        @Override
        public MeasurementSource<Figure> points() {
            return (result, run, timestampNs) -> List.of();
        }

        @Override
        public void attachEvidence(Figure result, Journal journal) {
            attached.add("evidence of " + result.valueMs());
        }
    }

    @TempDir
    Path results;
    private RunPublication publication;
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<String> attached = Collections.synchronizedList(new ArrayList<>());
    private final Journal journal = new Journal() {
        @Override
        public <T> T step(String name, Callable<T> body) throws Exception {
            steps.add(name);
            return body.call();
        }

        @Override
        public void attach(String name, String mimeType, String fileExtension, byte[] content) {
            attached.add(name);
        }

        @Override
        public void note(String message) {
        }
    };

    @BeforeEach
    void openPublication() {
        Map<String, String> config = Map.of("kvm4nfv.publish.resultsDir", results.toString());
        publication = RunPublication.open(config::get, "unit", name -> null, results.resolve("allure"));
    }

    @AfterEach
    void closePublication() {
        publication.close();
    }

    private ProbeRunner runner(SlaAction action) {
        return new ProbeRunner(new ResultRecorder(publication, publication.run(), journal, Optional::empty,
                (measurement, line) -> { }), journal, action);
    }

    private String resultsFile() throws IOException {
        return Files.readString(results.resolve("results.jsonl"));
    }

    @Test
    void aResultWithinItsSlaIsRecordedAsPassAndReturned() throws Exception {
        Outcome<Figure> outcome = runner(SlaAction.ASSERT).run(new FigureProbe(() -> new Figure(4), 10, attached));

        assertThat(outcome.slaMet()).isTrue();
        assertThat(outcome.criteria()).isEqualTo(Criteria.PASS);
        assertThat(outcome.message()).isEqualTo("SLA met: the figure within valueMs <= 10.0");
        assertThat(outcome.assertSlaMet()).isEqualTo(new Figure(4));
        assertThat(resultsFile()).contains("\"kvmfornfv_figure\"").contains("PASS").contains("\"valueMs\":4.0");
        assertThat(Files.readString(results.resolve("summary.txt")))
                .contains("kvmfornfv_figure  PASS  value 4.0 ms  SLA valueMs <= 10.0");
    }

    @Test
    void aViolatedSlaIsRecordedAsFailBeforeTheVerdictIsThrown() throws Exception {
        Outcome<Figure> outcome = runner(SlaAction.ASSERT).run(new FigureProbe(() -> new Figure(12.5), 10, attached));

        // the result is in the file, with the verdict's criteria, before anyone throws the verdict
        assertThat(resultsFile()).contains("FAIL").contains("\"valueMs\":12.5");
        assertThat(outcome.criteria()).isEqualTo(Criteria.FAIL);
        assertThat(outcome.failsTest()).isTrue();
        assertThatThrownBy(outcome::assertSlaMet).isInstanceOf(SlaViolatedException.class).isInstanceOf(AssertionError.class)
                .hasMessage("SLA violated: the figure violates 1 bound(s) of valueMs <= 10.0:\n"
                        + "  - figure: valueMs 12.5 ms > limit 10 ms");
        // recorded (and dispatched) first, evidence after
        assertThat(attached).containsSubsequence("results dispatch", "evidence of 12.5");
    }

    @Test
    void underMonitorAViolationIsRecordedButDoesNotFail() throws Exception {
        Outcome<Figure> outcome = runner(SlaAction.MONITOR).run(new FigureProbe(() -> new Figure(12.5), 10, attached));

        assertThat(outcome.slaMet()).isFalse();
        assertThat(outcome.criteria()).isEqualTo(Criteria.FAIL);
        assertThat(outcome.failsTest()).isFalse();
        assertThat(outcome.assertSlaMet()).isEqualTo(new Figure(12.5));
        assertThat(resultsFile()).contains("FAIL");
    }

    @Test
    void loadsAreStoppedWhenTheMeasurementFailsAndNothingIsRecorded() throws Exception {
        // a stress-ng no other test starts: its own --timeout is the marker
        StressOptions cpu = new StressOptions(StressType.CPU, StressTarget.HOST, null, 1, 1, Duration.ofSeconds(3599));
        LocalNode node = new LocalNode("this-machine");
        FigureProbe failing = new FigureProbe(() -> {
            assertThat(stressNgWithMarker()).as("the load runs during the measurement").isNotEmpty();
            throw new IllegalStateException("the probe broke");
        }, 10, attached);

        assertThatThrownBy(() -> runner(SlaAction.ASSERT).run(failing, List.of(new Load(node, cpu))))
                .isInstanceOf(IllegalStateException.class).hasMessage("the probe broke");

        assertThat(steps).containsExactly("start stress-ng CPU on this-machine", "measure the figure",
                steps.get(2)).satisfies(s -> assertThat(s.get(2)).startsWith("stop "));
        assertThat(stressNgWithMarker()).as("no stress-ng left").isEmpty();
        assertThat(results.resolve("results.jsonl")).doesNotExist();
    }

    private static List<String> stressNgWithMarker() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "stat=,args=").redirectErrorStream(true).start();
        List<String> lines = new String(ps.getInputStream().readAllBytes()).lines()
                .filter(l -> l.contains("stress-ng") && l.contains("--timeout 3599s") && !l.startsWith("Z"))
                .toList();
        ps.waitFor();
        return lines;
    }
}
