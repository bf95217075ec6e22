package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.load.StressLoad;
import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.CyclictestRun;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.Violation;
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
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

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
    public static final String RESULTS_DIR_PARAMETER = "kvm4nfv.publish.resultsDir";

    private static final ExtensionContext.Namespace NAMESPACE = LabSupport.NAMESPACE;
    private static final Set<Class<?>> INJECTABLE = Set.of(CyclictestResult.class, Lab.class, Environment.class,
            PodConfig.class, Guest.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PodConfig pod = LabSupport.pod(context, method);
        OptionalLong loops = context.getConfigurationParameter(LOOPS_PARAMETER).map(Kvm4nfvExtension::parseLoops)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        TestPlan plan = TestPlan.of(method, context.getRequiredTestClass(), pod, loops);
        context.getStore(NAMESPACE).put(TestPlan.class, plan);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        TestPlan plan = LabSupport.plan(context);
        boolean wantsLab = plan.needsEnvironment() || LabSupport.injects(context, Lab.class, Environment.class, Guest.class);
        if (!wantsLab) {
            return;
        }
        AllureJournal journal = LabSupport.journal();
        Lab lab = LabSupport.lab(context, plan.pod());
        journal.label("pod", plan.pod().name());
        if (plan.cyclictest().isPresent() || !plan.stresses().isEmpty()) {
            // the [Host]-[Guest] load name; a migration or forwarding test without load has none
            journal.label("testType", plan.testType().displayName());
            journal.parameter("testType", plan.testType().displayName());
        }
        Environment environment = LabSupport.environment(context, lab, plan, journal);
        LabSupport.describe(context, journal, lab);
        if (plan.cyclictest().isPresent()) {
            CyclictestResult result = measure(context, plan, environment, journal);
            context.getStore(NAMESPACE).put(CyclictestResult.class, result);
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        LabSupport.bodyThenVerdict(invocation, () -> {
            CyclictestResult result = context.getStore(NAMESPACE).get(CyclictestResult.class, CyclictestResult.class);
            if (result != null) {
                TestPlan plan = LabSupport.plan(context);
                List<Violation> violations = plan.latencySla().violations(result);
                LabSupport.slaVerdict(context, violations.size(), verdictMessage(result, plan, violations));
            }
        });
    }

    static String verdictMessage(CyclictestResult result, TestPlan plan, List<Violation> violations) {
        if (violations.isEmpty()) {
            return "SLA met: cyclictest " + result.testType() + " within " + plan.latencySla();
        }
        return "SLA violated: cyclictest " + result.testType() + " on pod " + plan.pod().name() + " violates "
                + violations.size() + " bound(s):\n"
                + violations.stream().map(v -> "  - " + v.describe()).collect(Collectors.joining("\n"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTABLE.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        TestPlan plan = LabSupport.plan(context);
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
        Lab lab = LabSupport.lab(context, plan.pod());
        if (type == Lab.class) {
            return lab;
        }
        Environment environment = LabSupport.environment(context, lab, plan, LabSupport.journal());
        if (type == Environment.class) {
            return environment;
        }
        return environment.guest().orElseThrow(() -> new ParameterResolutionException(
                "a Guest parameter needs a pod with a guest; pod " + plan.pod().name() + " has none"));
    }

    // ---- measurement ------------------------------------------------------------------------

    private static CyclictestResult measure(ExtensionContext context, TestPlan plan, Environment environment,
                                            AllureJournal journal) throws Exception {
        Guest guest = environment.guest().orElseThrow();
        CyclictestOptions options = plan.cyclictest().orElseThrow();
        Path resultsDir = LabSupport.resultsDir(context);
        String testName = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        Path raw = resultsDir.resolve("raw").resolve(testName + "-cyclictest.txt");
        List<StressLoad> loads = new ArrayList<>();
        CyclictestResult result;
        try {
            for (StressOptions s : plan.stresses()) {
                Node node = s.target() == StressTarget.HOST ? environment.host() : guest.node();
                String title = "start stress-ng " + s.type() + " on " + node.name()
                        + (s.cpus() == null ? "" : " (CPUs " + s.cpus() + ")");
                loads.add(journal.step(title, () -> StressLoad.start(node, s)));
            }
            String title = "cyclictest " + plan.testType().displayName() + " in " + guest.name() + ": "
                    + String.join(" ", options.commandLine());
            result = journal.step(title, () -> {
                journal.attachText("cyclictest command line", String.join(" ", options.commandLine()));
                return new CyclictestRun(options, plan.testType().displayName(), raw, Duration.ofMinutes(2),
                        journal::note).run(guest.node());
            });
        } finally {
            stopAll(loads, journal);
        }
        record(context, plan, result, resultsDir, journal);
        return result;
    }

    private static void stopAll(List<StressLoad> loads, AllureJournal journal) throws Exception {
        Exception first = null;
        for (int i = loads.size() - 1; i >= 0; i--) {
            StressLoad load = loads.get(i);
            try {
                journal.run("stop " + load, load::close);
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Written locally, then attached and reported, all before any verdict. */
    private static void record(ExtensionContext context, TestPlan plan, CyclictestResult result, Path resultsDir,
                               AllureJournal journal) {
        String measurement = "kvmfornfv_cyclictest_" + plan.testType().slug();
        LabSupport.record(context, "cyclictest", measurement, result,
                LatencyReport.oneLine(result) + "  SLA " + plan.latencySla().describe());
        journal.attach("latency histogram", "image/svg+xml", "svg",
                LatencyReport.histogramSvg(result, plan.latencySla()).getBytes(StandardCharsets.UTF_8));
        journal.attachText("cyclictest summary", LatencyReport.summaryTable(result));
        result.rawOutput().ifPresent(file -> journal.attach("cyclictest raw output", "text/plain", "txt",
                LatencyReport.tail(Path.of(file), 1 << 20)));
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
