package io.kvm4nfv.junit;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.ScriptVariables;
import io.kvm4nfv.config.SlaAction;
import io.kvm4nfv.config.PodConfigException;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.lab.LabUnavailableException;
import io.kvm4nfv.lab.Labs;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.AllureRunFiles;
import io.kvm4nfv.publish.Criteria;
import io.kvm4nfv.publish.DispatchReport;
import io.kvm4nfv.publish.ResultRecord;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.Violation;
import io.kvm4nfv.setup.Environment;
import io.kvm4nfv.setup.SetupRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What every KVM4NFV extension shares, all kept in the {@link ExtensionContext.Store}: the
 * selected pod (cached per name), the pod's lab (root store: one per run, closed at its end;
 * an unavailable lab aborts the test), and the environments provisioned per setup
 * (root store, closed before the lab). Probe extensions ({@link Kvm4nfvExtension} for
 * cyclictest, and the others) take their lab, environment and plan from here.
 */
final class LabSupport {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Kvm4nfvExtension.class);
    private static final String DESCRIBED = "lab described in the report";
    private static final Logger LOG = LoggerFactory.getLogger(Kvm4nfvExtension.class);

    private LabSupport() {
    }

    /** A journal that reports to Allure and to the log. */
    static AllureJournal journal() {
        return new AllureJournal(LOG::info);
    }

    // ---- pod, lab, environment ------------------------------------------------------------

    static PodConfig pod(ExtensionContext context, Method method) {
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

    static Lab lab(ExtensionContext context, PodConfig pod) {
        publication(context, pod.name()); // first in the root store: closed (flushed) after the labs
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        LabResource<Lab> resource = LabResource.lab(root.getOrComputeIfAbsent("lab:" + pod.name(),
                k -> {
                    LOG.info("opening lab of pod {} ({}, {})", pod.name(), pod.kind(), pod.source());
                    return LabResource.of(() -> Labs.open(pod));
                }, LabResource.class));
        try {
            return resource.get();
        } catch (LabUnavailableException e) {
            Assumptions.abort("pod " + pod.name() + " is not available: " + e.getMessage());
            throw e;
        }
    }

    static Environment environment(ExtensionContext context, Lab lab, TestPlan plan, AllureJournal journal) {
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

    static SetupRunner runner(TestPlan plan, String role, AllureJournal journal) {
        return runner(plan, role, journal, System.getProperties(), System.getenv());
    }

    /**
     * The setup runner of one role. Scripts get {@code KVM4NFV_POD}, {@code KVM4NFV_ROLE} and
     * the CPU sets of the node they tune: on a host, the host's {@code cpus}; in a guest, the
     * guest's (its {@code isolated}, else its {@code vcpu}: the CPUs it measures on). Extra
     * variables ({@code KVM4NFV_GUEST_IMAGE}, {@code KVM4NFV_HUGEPAGES_1G}, ...) come from
     * {@code kvm4nfv.setup.env.NAME} system properties, then {@code KVM4NFV_SETUP_ENV_NAME}
     * environment variables; they cannot replace the values the framework sets.
     */
    static SetupRunner runner(TestPlan plan, String role, AllureJournal journal, java.util.Properties properties,
                              Map<String, String> environment) {
        PodConfig pod = plan.pod();
        Map<String, String> env;
        try {
            env = new LinkedHashMap<>(ScriptVariables.of(properties, environment));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
        env.put("KVM4NFV_POD", pod.name());
        env.put("KVM4NFV_ROLE", role);
        NodeConfig node;
        if (plan.guestName() == null) {
            node = pod.hosts().get(0);
        } else if ("guest".equals(role)) {
            node = pod.node(plan.guestName());
        } else {
            node = pod.node(pod.node(plan.guestName()).host());
        }
        var cpus = node.cpus();
        var isolated = "guest".equals(role) && cpus.isolated().isEmpty() ? cpus.vcpu() : cpus.isolated();
        env.put("KVM4NFV_ISOLATED_CPUS", isolated.toString());
        env.put("KVM4NFV_VCPU_CPUS", cpus.vcpu().toString());
        env.put("KVM4NFV_STRESS_CPUS", cpus.stress().toString());
        RebootOptions reboot = new RebootOptions("reboot", pod.timeouts().reboot(), Duration.ofMillis(500));
        return new SetupRunner("/tmp/kvm4nfv-setup-" + pod.name() + "/" + role, pod.timeouts().command(), reboot,
                env, journal, LOG::info);
    }

    static void describe(ExtensionContext context, AllureJournal journal, Lab lab) {
        // several extensions of one test may reach the lab: the report describes it once
        if (context.getStore(NAMESPACE).getOrDefault(DESCRIBED, Boolean.class, false)) {
            return;
        }
        context.getStore(NAMESPACE).put(DESCRIBED, true);
        LabInfo info = lab.info();
        info.facts().forEach((k, v) -> {
            if (k.endsWith(".kernel")) {
                journal.label(k, v);
            }
        });
        journal.attachText("pod " + lab.pod().name(), lab.pod().describe() + "\n\n" + info.facts().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
    }

    /**
     * Records a result the way every probe must, before its SLA is judged, with the criteria
     * that judgement will give: appended (and fsync'd) to the run's results file, one summary
     * line added, a report entry published, then dispatched through the run's
     * {@link RunPublication} (InfluxDB, HTTP, {@code yardstick.out}; a dispatcher that is down
     * spools the result and fails the test only with {@code kvm4nfv.publish.failOnDispatchError}).
     * The caller computes the violations first, records, then throws its verdict, so the
     * published criteria and the verdict always agree.
     *
     * @param kind        {@code cyclictest}, {@code migration}, {@code forwarding}, …
     * @param measurement the KVM4NFV measurement name, e.g. {@code kvmfornfv_cyclictest_idle_idle}
     * @param result      the immutable result record (serialised with Jackson, numbers as numbers)
     * @param summaryLine one human-readable line for the run's summary
     * @param violations  every violated SLA bound (empty: PASS)
     * @return the criteria published
     */
    static Criteria record(ExtensionContext context, String kind, String measurement, Object result, String summaryLine,
                           List<Violation> violations) {
        return record(context, kind, measurement, result, KvmfornfvMeasurements::points, summaryLine, violations);
    }

    /** As {@link #record(ExtensionContext, String, String, Object, String, List)} with the points {@code points} makes. */
    static <R> Criteria record(ExtensionContext context, String kind, String measurement, R result,
                               MeasurementSource<? super R> points, String summaryLine, List<Violation> violations) {
        Criteria criteria = violations.isEmpty() ? Criteria.PASS : Criteria.FAIL;
        TestPlan plan = plan(context);
        RunPublication publication = publication(context, plan.pod().name());
        ResultRecord record = resultRecord(run(context, publication), kind, measurement, result, points, criteria);
        publication.writeLocally(record);
        summarize(context, publication.resultsDir(), measurement, criteria + "  " + summaryLine);
        dispatch(context, publication, plan, record);
        return criteria;
    }

    /**
     * As {@link #record(ExtensionContext, String, String, Object, String, List)} for a probe that
     * does not say its violations. A {@link CyclictestResult} is judged here against the plan's
     * latency SLA (as {@link Kvm4nfvExtension} judges it after the body). Any other result is
     * written locally now and dispatched when the test ends, with criteria FAIL when the test
     * failed (its SLA verdict or its body) and PASS otherwise; the results file then holds it
     * twice: as measured, and as published.
     */
    static void record(ExtensionContext context, String kind, String measurement, Object result, String summaryLine) {
        record(context, kind, measurement, result, KvmfornfvMeasurements::points, summaryLine);
    }

    /**
     * As {@link #record(ExtensionContext, String, String, Object, String)} with the InfluxDB
     * points made by {@code points} (e.g. with the SLA the probe judges against).
     */
    static <R> void record(ExtensionContext context, String kind, String measurement, R result,
                           MeasurementSource<? super R> points, String summaryLine) {
        if (result instanceof CyclictestResult cyclictest) {
            record(context, kind, measurement, result, summaryLine, plan(context).latencySla().violations(cyclictest));
            return;
        }
        TestPlan plan = plan(context);
        RunPublication publication = publication(context, plan.pod().name());
        new ResultsFile(publication.resultsDir()).append(kind, measurement, result);
        summarize(context, publication.resultsDir(), measurement, summaryLine);
        RunInfo run = run(context, publication);
        context.getStore(NAMESPACE).put(new Object(), (AutoCloseable) () -> {
            Criteria criteria = context.getExecutionException().isPresent() ? Criteria.FAIL : Criteria.PASS;
            ResultRecord record = resultRecord(run, kind, measurement, result, points, criteria);
            publication.writeLocally(record);
            ResultsFile.appendSummary(publication.resultsDir(), measurement + "  " + criteria + "  (published at the "
                    + "end of " + context.getDisplayName() + ")");
            dispatch(context, publication, plan, record);
        });
    }

    /** The run's publication (root store, created once, closed at the end of the run after the labs). */
    static RunPublication publication(ExtensionContext context, String podName) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunPublication.class,
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

    private static <R> ResultRecord resultRecord(RunInfo run, String kind, String measurement, R result,
                                                 MeasurementSource<? super R> points, Criteria criteria) {
        Instant now = Instant.now();
        return ResultRecord.of(measurement, kind, result, points, criteria, now, now, run);
    }

    /** The pod's lab if this run has opened it (recording never opens a lab). */
    private static Optional<Lab> openLab(ExtensionContext context, PodConfig pod) {
        Object resource = context.getRoot().getStore(NAMESPACE).get("lab:" + pod.name());
        return resource == null ? Optional.empty() : Optional.of(LabResource.lab(resource).get());
    }

    private static void summarize(ExtensionContext context, Path dir, String measurement, String line) {
        ResultsFile.appendSummary(dir, measurement + "  " + line);
        context.publishReportEntry(measurement, line);
    }

    private static void dispatch(ExtensionContext context, RunPublication publication, TestPlan plan,
                                 ResultRecord record) {
        publication.describeLabOnce(() -> openLab(context, plan.pod()).map(Lab::info));
        DispatchReport report = publication.dispatch(record);
        AllureJournal journal = journal();
        journal.attachText("results dispatch", record.caseName() + " " + record.criteria() + " (run "
                + publication.run().taskId() + ")\n" + report.outcomes().stream().map(DispatchReport.Outcome::summary)
                .collect(Collectors.joining("\n")));
    }

    static Path resultsDir(ExtensionContext context) {
        return Path.of(context.getConfigurationParameter(Kvm4nfvExtension.RESULTS_DIR_PARAMETER).orElse("target/kvm4nfv-results"));
    }


    // ---- helpers ----------------------------------------------------------------------------

    static TestPlan plan(ExtensionContext context) {
        TestPlan plan = context.getStore(NAMESPACE).get(TestPlan.class, TestPlan.class);
        if (plan == null) {
            throw new ExtensionConfigurationException("no test plan: is the class annotated with @Kvm4nfvTest?");
        }
        return plan;
    }

    /**
     * The context of the test class around {@code context} (a test, or an invocation of a
     * parameterized test): its store lives as long as the class's tests run.
     */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    static boolean injects(ExtensionContext context, Class<?>... types) {
        for (Class<?> p : context.getRequiredTestMethod().getParameterTypes()) {
            for (Class<?> t : types) {
                if (p == t) {
                    return true;
                }
            }
        }
        return false;
    }


    /** A verdict judged after the test body; throws when a bound is violated. */
    @FunctionalInterface
    interface Verdict {
        void judge() throws Throwable;
    }

    /**
     * The one way every probe ends a test: the body runs first (its own assertions), then the
     * verdict — always both. A violated SLA is what the test fails with, carrying a failure
     * of the body as suppressed; otherwise the body's failure, if any, propagates.
     */
    static void bodyThenVerdict(org.junit.jupiter.api.extension.InvocationInterceptor.Invocation<Void> invocation,
                                Verdict verdict) throws Throwable {
        Throwable body = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            body = t;
        }
        try {
            verdict.judge();
        } catch (Throwable violated) {
            if (body != null && body != violated) {
                violated.addSuppressed(body);
            }
            throw violated;
        }
        if (body != null) {
            throw body;
        }
    }

    /** Reports an SLA verdict as a journal step (with its message attached) and fails when bounds are violated. */
    /**
     * Judges a recorded result: met, or violated — which fails the test under the pod's
     * {@code sla.action: assert} (the default) and is a warning under {@code monitor} (the
     * violation stays recorded: the result's criteria is already {@code FAIL}).
     */
    static void slaVerdict(ExtensionContext context, int violations, String message) throws Exception {
        AllureJournal journal = journal();
        SlaAction action = plan(context).pod().sla().action();
        if (violations > 0 && action == SlaAction.MONITOR) {
            journal.warning("SLA verdict: " + violations + " bound(s) violated (sla.action: monitor, not failing)",
                    message);
            journal.slaViolatedButMonitored(violations + " bound(s), the test is not failed (sla.action: monitor)\n"
                    + message);
            return;
        }
        journal.run("SLA verdict: " + (violations == 0 ? "met" : violations + " bound(s) violated"), () -> {
            journal.attachText("SLA verdict", message);
            if (violations > 0) {
                throw new org.opentest4j.AssertionFailedError(message);
            }
        });
    }
}
