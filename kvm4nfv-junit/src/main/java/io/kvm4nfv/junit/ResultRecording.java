package io.kvm4nfv.junit;

import io.kvm4nfv.orchestration.ProbeRunner;
import io.kvm4nfv.orchestration.PublishingMisconfiguredException;
import io.kvm4nfv.orchestration.ResultRecorder;
import io.kvm4nfv.orchestration.RunPublication;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.AllureRunFiles;
import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.lab.Lab;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * Where a test's results go: the run's {@link RunPublication} (root store, created once, closed
 * at the end of the run after the labs) and, per test, a {@link ResultRecorder} that knows the
 * test's scenario and turns each recorded result into a JUnit report entry. Publishing that is
 * misconfigured is an {@link ExtensionConfigurationException} (the result is kept locally).
 */
final class ResultRecording {

    private ResultRecording() {
    }

    /** The run's publication. */
    static RunPublication publication(ExtensionContext context, String podName) {
        return context.getRoot().getStore(TestContexts.NAMESPACE).getOrComputeIfAbsent(RunPublication.class,
                k -> RunPublication.open(key -> context.getConfigurationParameter(key).orElse(null), podName,
                        System::getenv, AllureRunFiles.resultsDirectory()), RunPublication.class);
    }

    /**
     * The run as the test's results carry it: its {@code deploy_scenario} is the test's
     * {@link Scenario} when it has one, else the run's ({@code DEPLOY_SCENARIO}, else {@code unknown}).
     */
    static RunInfo run(ExtensionContext context, RunPublication publication) {
        return publication.run().withScenario(ScenarioExtension.deployScenario(context).orElse(null));
    }

    /** The test's recorder. */
    static ResultRecorder recorder(ExtensionContext context, AllureJournal journal) {
        TestPlan plan = TestContexts.plan(context);
        RunPublication publication = publication(context, plan.pod().name());
        ResultRecorder recorder = new ResultRecorder(publication, run(context, publication), journal,
                () -> LabStore.openLab(context, plan.pod()).map(Lab::info), context::publishReportEntry);
        return recorder;
    }

    /** The test's probe runner: its recorder, its journal, the pod's {@code sla.action}. */
    static ProbeRunner probeRunner(ExtensionContext context, AllureJournal journal) {
        return new ProbeRunner(recorder(context, journal), journal, TestContexts.plan(context).pod().sla().action());
    }

    /** The run's local results directory. */
    static Path resultsDir(ExtensionContext context) {
        return publication(context, TestContexts.plan(context).pod().name()).resultsDir();
    }

    /**
     * Records a result that has no SLA of its own: written locally now, published when the
     * test ends, with criteria {@code FAIL} when the test failed (its verdict or its body).
     */
    static void recordUnjudged(ExtensionContext context, String kind, String measurement, Object result,
                               String summaryLine) {
        ResultRecorder.Publishing publishing = configurationError(() -> recorder(context, TestContexts.journal())
                .recordUnjudged(kind, measurement, result, summaryLine));
        context.getStore(TestContexts.NAMESPACE).put(new Object(), (AutoCloseable) () -> configurationError(() -> {
            publishing.publish(context.getExecutionException().isPresent());
            return null;
        }));
    }

    /** Runs {@code body}; wrong publishing settings become an {@link ExtensionConfigurationException}. */
    static <T> T configurationError(java.util.concurrent.Callable<T> body) {
        try {
            return body.call();
        } catch (PublishingMisconfiguredException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
