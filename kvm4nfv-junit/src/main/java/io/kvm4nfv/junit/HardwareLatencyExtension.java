package io.kvm4nfv.junit;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.orchestration.HardwareLatencyProbe;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.probe.hwlat.HwlatOptions;
import io.kvm4nfv.probe.hwlat.HwlatSla;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.result.HardwareLatencyResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The extension behind {@link HardwareLatency}: a thin mapping from the annotation to a
 * {@link HardwareLatencyProbe} on a host, run through the one probe lifecycle (recorded before
 * any verdict); a node that cannot measure aborts the test unless {@code required = false}.
 */
public final class HardwareLatencyExtension implements BeforeTestExecutionCallback, InvocationInterceptor,
        ParameterResolver {

    private static final String ANNOTATION = "@HardwareLatency";

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<HardwareLatency> annotation = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, HardwareLatency.class));
        if (annotation.isEmpty()) {
            return;
        }
        HardwareLatency a = annotation.get();
        TestPlan plan = TestContexts.plan(context);
        PodConfig pod = plan.pod();
        String host = host(a, pod);
        HwlatOptions options = options(a);
        HwlatSla sla = sla(a);
        AllureJournal journal = TestContexts.journal();
        Lab lab = LabStore.lab(context, pod);
        LabStore.describe(context, journal, lab);
        HardwareLatencyProbe probe = new HardwareLatencyProbe(lab.node(host), options, sla,
                ResultRecording.resultsDir(context).resolve("raw").resolve(TestContexts.testName(context)
                        + "-hwlatdetect.txt"), lab.resources(host), pod.name());
        Outcome<HardwareLatencyResult> outcome = ResultRecording.configurationError(() -> ResultRecording
                .probeRunner(context, journal).run(probe));
        context.getStore(TestContexts.NAMESPACE).put(HardwareLatencyProbe.class, outcome);
        HardwareLatencyResult result = outcome.result();
        if (!result.available()) {
            context.publishReportEntry("hwlat", result.summary());
            if (a.required()) {
                Assumptions.abort(result.summary() + " (" + ANNOTATION + "(required = false) records it and goes on)");
            }
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        SlaVerdicts.bodyThenOutcome(invocation, context, HardwareLatencyProbe.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == HardwareLatencyResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return SlaVerdicts.outcomeResult(context, HardwareLatencyProbe.class, HardwareLatencyResult.class, ANNOTATION);
    }

    /** The host measured: {@code node}, else the first guest's host, else the first host. */
    static String host(HardwareLatency a, PodConfig pod) {
        if (!a.node().isEmpty()) {
            return pod.findNode(a.node()).filter(n -> pod.hosts().contains(n)).map(NodeConfig::name)
                    .orElseThrow(() -> new ExtensionConfigurationException(ANNOTATION + "(node = \"" + a.node()
                            + "\"): pod " + pod.name() + " has no such host; hosts: "
                            + pod.hosts().stream().map(NodeConfig::name).toList()));
        }
        return pod.guests().stream().findFirst().map(NodeConfig::host).orElse(pod.hosts().get(0).name());
    }

    /**
     * hwlatdetect's options from the annotation.
     *
     * @throws ExtensionConfigurationException naming the attribute that is wrong
     */
    static HwlatOptions options(HardwareLatency a) {
        HwlatOptions o;
        try {
            o = HwlatOptions.defaults(a.durationSeconds());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(ANNOTATION + "(durationSeconds): " + e.getMessage(), e);
        }
        o = with(o, "thresholdUs", x -> x.withThresholdUs(a.thresholdUs()));
        o = with(o, "widthUs", x -> x.withWindowUs(a.windowUs(), a.widthUs()));
        return with(o, "cpus", x -> a.cpus().isEmpty() ? x : x.withCpuList(a.cpus()));
    }

    private static HwlatOptions with(HwlatOptions options, String attribute, UnaryOperator<HwlatOptions> change) {
        try {
            return change.apply(options);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(ANNOTATION + "(" + attribute + "): " + e.getMessage(), e);
        }
    }

    /** The annotation's bounds; -1 = not judged. */
    static HwlatSla sla(HardwareLatency a) {
        HwlatSla sla = HwlatSla.NONE.withRequired(a.required());
        if (a.maxUs() < -1 || a.maxSamplesOverThreshold() < -1) {
            throw new ExtensionConfigurationException(ANNOTATION + "(maxUs = " + a.maxUs()
                    + ", maxSamplesOverThreshold = " + a.maxSamplesOverThreshold() + ") must be >= 0 (or -1: not judged)");
        }
        if (a.maxUs() >= 0) {
            sla = sla.withMaxUs(a.maxUs());
        }
        if (a.maxSamplesOverThreshold() >= 0) {
            sla = sla.withMaxSamplesOverThreshold(a.maxSamplesOverThreshold());
        }
        return sla;
    }
}
