package io.kvm4nfv.junit;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.orchestration.LatencyTest;
import io.kvm4nfv.orchestration.OslatProbe;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.probe.oslat.OslatOptions;
import io.kvm4nfv.probe.oslat.OslatRun;
import io.kvm4nfv.probe.oslat.OslatSla;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.result.OslatResult;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The extension behind {@link Oslat} (registered by {@link Kvm4nfvTest}, acting only on methods
 * carrying it): a thin mapping from the annotation to an {@link OslatProbe} under the test's
 * {@link Stress} loads, run through the one probe lifecycle; the {@link OslatResult} is injected
 * and the SLA judged after the body. A trace threshold ({@code traceThresholdUs}) that fires stops
 * oslat without a table: the test fails with the hit (CPU, latency), and an {@link Ftrace} on the
 * same node has the trace around oslat's marker.
 */
public final class OslatExtension implements BeforeTestExecutionCallback, InvocationInterceptor, ParameterResolver {

    private static final String ANNOTATION = "@Oslat";

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<Oslat> annotation = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, Oslat.class));
        if (annotation.isEmpty()) {
            return;
        }
        Oslat a = annotation.get();
        TestPlan plan = TestContexts.plan(context);
        PodConfig pod = plan.pod();
        String guestName = plan.guestName() != null ? plan.guestName()
                : pod.guests().stream().findFirst().map(NodeConfig::name).orElseThrow(() ->
                new ExtensionConfigurationException(ANNOTATION + " measures a guest or the host of one, but pod "
                        + pod.name() + " (" + pod.source() + ") has no guest"));
        OslatOptions options = options(a, pod, guestName);
        OslatSla sla = sla(a).orElse(OslatSla.of(pod.sla().oslat()));
        AllureJournal journal = TestContexts.journal();
        Lab lab = LabStore.lab(context, pod);
        LabStore.environment(context, lab, plan, journal);
        LabStore.describe(context, journal, lab);
        journal.label("testType", plan.testType().displayName());
        journal.parameter("oslat on", a.on());

        LatencyTest test = LatencyTest.of(lab, guestName).withStresses(plan.stresses());
        OslatProbe probe = test.oslatProbe(options, sla, a.on(), ResultRecording.resultsDir(context).resolve("raw")
                .resolve(TestContexts.testName(context) + "-oslat.txt"));
        var loads = test.loads(options.plannedDuration());
        Outcome<OslatResult> outcome;
        try {
            outcome = ResultRecording.configurationError(() -> ResultRecording.probeRunner(context, journal)
                    .run(probe, loads));
        } catch (OslatRun.OslatFailedException e) {
            if (e.traceHit().isPresent()) {
                String hit = "oslat trace threshold hit on " + probe.node().name() + ": " + e.traceHit().get().describe();
                context.publishReportEntry("oslat", hit);
                throw new AssertionFailedError(hit + " (oslat stopped without a result; the trace has its marker)", e);
            }
            throw e;
        }
        context.getStore(TestContexts.NAMESPACE).put(OslatProbe.class, outcome);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        SlaVerdicts.bodyThenOutcome(invocation, context, OslatProbe.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == OslatResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return SlaVerdicts.outcomeResult(context, OslatProbe.class, OslatResult.class, ANNOTATION);
    }

    /**
     * The options of {@code a}: CPUs from the annotation, else the measured node's isolated CPUs
     * (in a guest: else its vCPUs), else every CPU.
     *
     * @throws ExtensionConfigurationException naming the attribute that is wrong
     */
    static OslatOptions options(Oslat a, PodConfig pod, String guestName) {
        NodeConfig node = a.on() == StressTarget.GUEST ? pod.node(guestName) : pod.node(pod.node(guestName).host());
        String cpus = a.cpus().isEmpty() ? podCpus(node, a.on()) : a.cpus();
        OslatOptions o = OslatOptions.defaults();
        o = with(o, "cpus", x -> x.withCpuList(cpus));
        o = with(o, "mainThreadCpu", x -> x.withMainThreadCpu(a.mainThreadCpu()));
        o = with(o, "durationSeconds", x -> x.withDurationSeconds(a.durationSeconds()));
        o = with(o, "buckets", x -> x.withBucketSize(a.buckets()));
        o = with(o, "workloadMemBytes", x -> x.withWorkload(a.workload(), a.workloadMemBytes()));
        o = with(o, "rtPriority", x -> x.withRtPriority(a.rtPriority()));
        o = with(o, "traceThresholdUs", x -> x.withTraceThresholdUs(a.traceThresholdUs()));
        return a.json() ? o.withJsonFile("/tmp/kvm4nfv-oslat-" + Long.toHexString(System.nanoTime()) + ".json") : o;
    }

    /** The node's isolated CPUs (in a guest: else its vCPUs); {@code null} (every CPU) when the pod names none. */
    private static String podCpus(NodeConfig node, StressTarget on) {
        CpuSet isolated = node.cpus().isolated();
        CpuSet set = isolated.isEmpty() && on == StressTarget.GUEST ? node.cpus().vcpu() : isolated;
        return set.isEmpty() ? null : set.toString();
    }

    private static OslatOptions with(OslatOptions options, String attribute, UnaryOperator<OslatOptions> change) {
        try {
            return change.apply(options);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(ANNOTATION + "(" + attribute + "): " + e.getMessage(), e);
        }
    }

    /** The annotation's bounds; -1 = not set here (the pod's default applies). */
    static OslatSla sla(Oslat a) {
        OslatSla sla = OslatSla.NONE;
        String[] names = {"maxUs", "avgUs", "p99Us", "p999Us", "p9999Us"};
        double[] values = {a.maxUs(), a.avgUs(), a.p99Us(), a.p999Us(), a.p9999Us()};
        for (int i = 0; i < names.length; i++) {
            double v = values[i];
            if (v == -1) {
                continue;
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new ExtensionConfigurationException(ANNOTATION + "(" + names[i] + " = " + v
                        + ") must be a finite number >= 0 (or -1 for the pod's default)");
            }
            sla = sla.with(names[i], v);
        }
        return sla;
    }
}
