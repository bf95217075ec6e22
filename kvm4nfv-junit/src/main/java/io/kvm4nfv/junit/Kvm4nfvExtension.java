package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.orchestration.CyclictestProbe;
import io.kvm4nfv.orchestration.LatencyTest;
import io.kvm4nfv.orchestration.Load;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.PublishOptions;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The JUnit 5 extension behind {@link Kvm4nfvTest}. Per test it reads the annotations
 * into a {@link TestPlan} (misuse: {@link ExtensionConfigurationException}), gets the
 * pod's lab (unreachable: the test is aborted), provisions or reuses the environment of
 * the test's setup sequences, runs the stress loads and cyclictest right before the test
 * body, records and publishes the result, injects it, and judges the SLA after the body,
 * listing every violated bound.
 *
 * <p>All state lives in the {@link ExtensionContext.Store}: labs and environments in the
 * root store (shared by every class of the run, closed in reverse order at its end), the
 * plan and result in the test's store.
 */
public final class Kvm4nfvExtension implements BeforeEachCallback, BeforeTestExecutionCallback,
        InvocationInterceptor, ParameterResolver {

    /** Configuration parameter: the default number of cyclictest cycles (e.g. shorter on CI). */
    public static final String LOOPS_PARAMETER = "kvm4nfv.probe.cyclictest.loops";
    /** Configuration parameter: where results are written (default {@code target/kvm4nfv-results}). */
    public static final String RESULTS_DIR_PARAMETER = PublishOptions.RESULTS_DIR;

    private static final ExtensionContext.Namespace NAMESPACE = TestContexts.NAMESPACE;
    private static final Set<Class<?>> INJECTABLE = Set.of(CyclictestResult.class, Lab.class, Environment.class,
            PodConfig.class, Guest.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PodConfig pod = PodSelection.pod(context, method);
        OptionalLong loops = context.getConfigurationParameter(LOOPS_PARAMETER).map(Kvm4nfvExtension::parseLoops)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        TestPlan plan = TestPlan.of(method, context.getRequiredTestClass(), pod, loops);
        context.getStore(NAMESPACE).put(TestPlan.class, plan);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        TestPlan plan = TestContexts.plan(context);
        boolean wantsLab = plan.needsEnvironment() || TestContexts.injects(context, Lab.class, Environment.class, Guest.class);
        if (!wantsLab) {
            return;
        }
        AllureJournal journal = TestContexts.journal();
        Lab lab = LabStore.lab(context, plan.pod());
        journal.label("pod", plan.pod().name());
        if (plan.cyclictest().isPresent() || !plan.stresses().isEmpty()) {
            // the [Host]-[Guest] load name; a migration or forwarding test without load has none
            journal.label("testType", plan.testType().displayName());
            journal.parameter("testType", plan.testType().displayName());
        }
        LabStore.environment(context, lab, plan, journal); // setup sequences and guest, shared
        LabStore.describe(context, journal, lab);
        if (plan.cyclictest().isPresent()) {
            Outcome<CyclictestResult> outcome = measure(context, plan, lab, journal);
            context.getStore(NAMESPACE).put(CyclictestProbe.class, outcome);
            context.getStore(NAMESPACE).put(CyclictestResult.class, outcome.result());
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        SlaVerdicts.bodyThenOutcome(invocation, context, CyclictestProbe.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTABLE.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        TestPlan plan = TestContexts.plan(context);
        if (type == PodConfig.class) {
            return plan.pod();
        }
        if (type == CyclictestResult.class) {
            CyclictestResult result = context.getStore(NAMESPACE).get(CyclictestResult.class, CyclictestResult.class);
            if (result == null) {
                throw new ParameterResolutionException("a CyclictestResult parameter needs @Cyclictest on "
                        + context.getRequiredTestMethod().getName());
            }
            return result;
        }
        Lab lab = LabStore.lab(context, plan.pod());
        if (type == Lab.class) {
            return lab;
        }
        Environment environment = LabStore.environment(context, lab, plan, TestContexts.journal());
        if (type == Environment.class) {
            return environment;
        }
        return environment.guest().orElseThrow(() -> new ParameterResolutionException(
                "a Guest parameter needs a pod with a guest; pod " + plan.pod().name() + " has none"));
    }

    // ---- measurement ------------------------------------------------------------------------

    /**
     * The plan's cyclictest under the plan's stress loads: the {@link LatencyTest} a plain-Java
     * caller would write, run through the one probe lifecycle.
     */
    private static Outcome<CyclictestResult> measure(ExtensionContext context, TestPlan plan, Lab lab,
                                                     AllureJournal journal) throws Exception {
        LatencyTest test = LatencyTest.of(lab, plan.guestName()).withCyclictest(plan.cyclictest().orElseThrow())
                .withSla(plan.latencySla()).withStresses(plan.stresses());
        CyclictestProbe probe = test.probe(ResultRecording.resultsDir(context).resolve("raw")
                .resolve(TestContexts.testName(context) + "-cyclictest.txt"));
        List<Load> loads = test.loads();
        return ResultRecording.configurationError(() -> ResultRecording.probeRunner(context, journal).run(probe, loads));
    }

    private static long parseLoops(String value) {
        try {
            long loops = Long.parseLong(value.trim());
            if (loops < 1) {
                throw new NumberFormatException();
            }
            return loops;
        } catch (NumberFormatException e) {
            throw new ExtensionConfigurationException(LOOPS_PARAMETER + " must be a positive number of cycles: '"
                    + value + "'");
        }
    }
}
