package io.kvm4nfv.junit;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigException;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.lab.LabUnavailableException;
import io.kvm4nfv.lab.Labs;
import io.kvm4nfv.load.StressLoad;
import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.CyclictestRun;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.Violation;
import io.kvm4nfv.setup.Environment;
import io.kvm4nfv.setup.SetupRunner;
import org.junit.jupiter.api.Assumptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Kvm4nfvExtension.class);
    private static final Logger LOG = LoggerFactory.getLogger(Kvm4nfvExtension.class);
    private static final Set<Class<?>> INJECTABLE = Set.of(CyclictestResult.class, Lab.class, Environment.class,
            PodConfig.class, Guest.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        PodConfig pod = pod(context, method);
        OptionalLong loops = context.getConfigurationParameter(LOOPS_PARAMETER).map(Kvm4nfvExtension::parseLoops)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        TestPlan plan = TestPlan.of(method, context.getRequiredTestClass(), pod, loops);
        context.getStore(NAMESPACE).put(TestPlan.class, plan);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        TestPlan plan = plan(context);
        boolean wantsLab = plan.needsEnvironment() || injects(context, Lab.class, Environment.class, Guest.class);
        if (!wantsLab) {
            return;
        }
        AllureJournal journal = new AllureJournal(LOG::info);
        Lab lab = lab(context, plan.pod());
        journal.label("pod", plan.pod().name());
        journal.label("testType", plan.testType().displayName());
        journal.parameter("testType", plan.testType().displayName());
        Environment environment = environment(context, lab, plan, journal);
        describe(journal, lab, environment);
        if (plan.cyclictest().isPresent()) {
            CyclictestResult result = measure(context, plan, environment, journal);
            context.getStore(NAMESPACE).put(CyclictestResult.class, result);
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Throwable body = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            body = t;
        }
        CyclictestResult result = context.getStore(NAMESPACE).get(CyclictestResult.class, CyclictestResult.class);
        if (result != null) {
            TestPlan plan = plan(context);
            List<Violation> violations = plan.latencySla().violations(result);
            AllureJournal journal = new AllureJournal(LOG::info);
            String verdict = verdictMessage(result, plan, violations);
            journal.run("SLA verdict: " + (violations.isEmpty() ? "met" : violations.size() + " bound(s) violated"), () -> {
                journal.attachText("SLA verdict", verdict);
                if (!violations.isEmpty()) {
                    throw new AssertionFailedError(verdict);
                }
            });
        }
        if (body != null) {
            throw body;
        }
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
        TestPlan plan = plan(context);
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
        Lab lab = lab(context, plan.pod());
        if (type == Lab.class) {
            return lab;
        }
        Environment environment = environment(context, lab, plan, new AllureJournal(LOG::info));
        if (type == Environment.class) {
            return environment;
        }
        return environment.guest().orElseThrow(() -> new ParameterResolutionException(
                "a Guest parameter needs a pod with a guest; pod " + plan.pod().name() + " has none"));
    }

    // ---- pod, lab, environment ------------------------------------------------------------

    private static PodConfig pod(ExtensionContext context, Method method) {
        Optional<String> pinned = Optional.ofNullable(method.getAnnotation(Pod.class)).map(Pod::value)
                .or(() -> org.junit.platform.commons.support.AnnotationSupport
                        .findAnnotation(context.getRequiredTestClass(), Pod.class).map(Pod::value));
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        String key = "pod:" + pinned.orElse("<selected>");
        Object cached = root.getOrComputeIfAbsent(key, k -> {
            try {
                PodConfigLoader loader = PodConfigLoader.fromSystem();
                return pinned.isPresent() ? loader.load(pinned.get()) : loader.load();
            } catch (PodConfigException | IllegalArgumentException e) {
                return new ExtensionConfigurationException("pod configuration: " + e.getMessage(), e);
            }
        });
        if (cached instanceof ExtensionConfigurationException e) {
            throw e;
        }
        return (PodConfig) cached;
    }

    private static Lab lab(ExtensionContext context, PodConfig pod) {
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        LabResource<Lab> resource = LabResource.lab(root.getOrComputeIfAbsent("lab:" + pod.name(),
                k -> {
                    LOG.info("opening lab of pod {} ({})", pod.name(), pod.kind());
                    return LabResource.of(() -> Labs.open(pod));
                }, LabResource.class));
        try {
            return resource.get();
        } catch (LabUnavailableException e) {
            Assumptions.abort("pod " + pod.name() + " is not available: " + e.getMessage());
            throw e;
        }
    }

    private static Environment environment(ExtensionContext context, Lab lab, TestPlan plan, AllureJournal journal) {
        String key = "environment:" + plan.pod().name() + ":" + plan.hostSetup().names() + ":"
                + plan.guestSetup().names() + ":" + plan.guestName();
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        LabResource<Environment> resource = LabResource.environment(root.getOrComputeIfAbsent(key, k -> {
            LOG.info("provisioning environment host {} guest {} on pod {}", plan.hostSetup().names(),
                    plan.guestSetup().names(), plan.pod().name());
            return LabResource.of(() -> Environment.provision(lab, plan.hostSetup(), plan.guestSetup(),
                    plan.guestName(), runner(plan, "host", journal), runner(plan, "guest", journal)));
        }, LabResource.class));
        try {
            return resource.get();
        } catch (LabUnavailableException e) {
            Assumptions.abort("pod " + plan.pod().name() + " is not available: " + e.getMessage());
            throw e;
        }
    }

    private static SetupRunner runner(TestPlan plan, String role, AllureJournal journal) {
        PodConfig pod = plan.pod();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KVM4NFV_POD", pod.name());
        env.put("KVM4NFV_ROLE", role);
        if (plan.guestName() != null) {
            NodeConfig host = pod.node(pod.node(plan.guestName()).host());
            env.put("KVM4NFV_ISOLATED_CPUS", host.cpus().isolated().toString());
            env.put("KVM4NFV_VCPU_CPUS", host.cpus().vcpu().toString());
            env.put("KVM4NFV_STRESS_CPUS", host.cpus().stress().toString());
        }
        RebootOptions reboot = new RebootOptions("reboot", pod.timeouts().reboot(), Duration.ofMillis(500));
        return new SetupRunner("/tmp/kvm4nfv-setup-" + pod.name() + "/" + role, pod.timeouts().command(), reboot,
                env, journal, LOG::info);
    }

    private static void describe(AllureJournal journal, Lab lab, Environment environment) {
        LabInfo info = lab.info();
        info.facts().forEach((k, v) -> {
            if (k.endsWith(".kernel")) {
                journal.label(k, v);
            }
        });
        journal.attachText("pod " + lab.pod().name(), lab.pod().describe() + "\n\n" + info.facts().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
    }

    // ---- measurement ------------------------------------------------------------------------

    private static CyclictestResult measure(ExtensionContext context, TestPlan plan, Environment environment,
                                            AllureJournal journal) throws Exception {
        Guest guest = environment.guest().orElseThrow();
        CyclictestOptions options = plan.cyclictest().orElseThrow();
        Path resultsDir = resultsDir(context);
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
        new ResultsFile(resultsDir).append("cyclictest", measurement, result);
        journal.attach("latency histogram", "image/svg+xml", "svg",
                LatencyReport.histogramSvg(result, plan.latencySla()).getBytes(StandardCharsets.UTF_8));
        journal.attachText("cyclictest summary", LatencyReport.summaryTable(result));
        result.rawOutput().ifPresent(file -> journal.attach("cyclictest raw output", "text/plain", "txt",
                LatencyReport.tail(Path.of(file), 1 << 20)));
        String line = measurement + "  " + LatencyReport.oneLine(result) + "  SLA " + plan.latencySla().describe();
        ResultsFile.appendSummary(resultsDir, line);
        context.publishReportEntry(measurement, LatencyReport.oneLine(result));
    }

    private static Path resultsDir(ExtensionContext context) {
        return Path.of(context.getConfigurationParameter(RESULTS_DIR_PARAMETER).orElse("target/kvm4nfv-results"));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static TestPlan plan(ExtensionContext context) {
        TestPlan plan = context.getStore(NAMESPACE).get(TestPlan.class, TestPlan.class);
        if (plan == null) {
            throw new ExtensionConfigurationException("no test plan: is the class annotated with @Kvm4nfvTest?");
        }
        return plan;
    }

    private static boolean injects(ExtensionContext context, Class<?>... types) {
        for (Class<?> p : context.getRequiredTestMethod().getParameterTypes()) {
            for (Class<?> t : types) {
                if (p == t) {
                    return true;
                }
            }
        }
        return false;
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
