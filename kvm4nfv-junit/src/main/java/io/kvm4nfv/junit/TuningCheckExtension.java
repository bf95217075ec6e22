package io.kvm4nfv.junit;

import io.kvm4nfv.config.CpuSets;
import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.probe.tuning.TuningExpectations;
import io.kvm4nfv.probe.tuning.TuningPolicy;
import io.kvm4nfv.probe.tuning.TuningProbe;
import io.kvm4nfv.probe.tuning.TuningReport;
import io.kvm4nfv.probe.tuning.TuningVerdict;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.setup.Environment;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The extension behind {@link TuningCheck}. Registered in {@link Kvm4nfvTest} before
 * {@link Kvm4nfvExtension} so that the tuning is read before the stress loads start (it
 * provisions the shared environment itself). Reads the guest's host and the guest, records each
 * report ({@code kvmfornfv_tuning_<node>}) and attaches its table; WARN adds a warning step;
 * FAIL fails the test after its body (and after the latency verdict), listing every mismatch.
 */
public final class TuningCheckExtension implements BeforeTestExecutionCallback, InvocationInterceptor,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TuningCheckExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<TuningCheck> annotation = TestContexts.annotation(context, TuningCheck.class);
        if (annotation.isEmpty()) {
            return;
        }
        TestPlan plan = TestContexts.plan(context);
        TuningPolicy policy = policy(annotation.get(), context.getConfigurationParameter(TuningCheck.POLICY_PARAMETER),
                plan.pod());
        AllureJournal journal = TestContexts.journal();
        if (policy == TuningPolicy.OFF) {
            context.getStore(NAMESPACE).put(TuningReports.class, new TuningReports(policy, List.of()));
            journal.note("tuning not checked (policy OFF)");
            return;
        }
        Environment environment = LabStore.environment(context, journal);
        PodConfig pod = plan.pod();
        List<TuningReport> reports = new ArrayList<>();
        Node host = environment.host();
        reports.add(check(context, journal, host, TuningExpectations.fromCpuSets(cpus(pod, host.name())), policy,
                pod));
        Optional<Guest> guest = environment.guest();
        if (guest.isPresent()) {
            Node node = guest.get().node();
            reports.add(check(context, journal, node,
                    TuningExpectations.kvm4nfvGuest(cpus(pod, guest.get().name()).isolated()), policy, pod));
        }
        context.getStore(NAMESPACE).put(TuningReports.class, new TuningReports(policy, reports));
    }

    private static TuningReport check(ExtensionContext context, AllureJournal journal, Node node,
                                      TuningExpectations expected, TuningPolicy policy, PodConfig pod) throws Exception {
        TuningReport report = journal.step("tuning of " + node.name() + " (policy " + policy + ")",
                () -> TuningProbe.check(node, expected, policy, pod.timeouts().command()));
        TuningVerdict verdict = report.verdict();
        ResultRecording.recordUnjudged(context, "tuning", "kvmfornfv_tuning_" + node.name().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_"), report, verdict.message());
        journal.attachText("tuning of " + node.name(), report.table());
        journal.note(report.table());
        if (verdict.warning()) {
            journal.warning("tuning of " + node.name() + ": " + verdict.mismatches().size() + " mismatch(es), policy"
                    + " WARN", verdict.message());
            context.publishReportEntry("tuning warning", verdict.message());
        }
        return report;
    }

    private static CpuSets cpus(PodConfig pod, String node) {
        return pod.findNode(node).map(NodeConfig::cpus).orElse(CpuSets.NONE);
    }

    /**
     * The annotation's policy, else the configuration parameter, else the pod's kind (embedded:
     * WARN, a real pod: FAIL).
     */
    static TuningPolicy policy(TuningCheck annotation, Optional<String> parameter, PodConfig pod) {
        if (annotation.policy().length > 1) {
            throw new ExtensionConfigurationException("@TuningCheck(policy = "
                    + java.util.Arrays.toString(annotation.policy()) + ") takes at most one policy");
        }
        if (annotation.policy().length == 1) {
            return annotation.policy()[0];
        }
        if (parameter.isPresent()) {
            try {
                return TuningPolicy.valueOf(parameter.get().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(TuningCheck.POLICY_PARAMETER + " must be FAIL, WARN or OFF: '"
                        + parameter.get() + "'", e);
            }
        }
        return pod.embedded() ? TuningPolicy.WARN : TuningPolicy.FAIL;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        SlaVerdicts.bodyThenVerdict(invocation, () -> {
            TuningReports reports = context.getStore(NAMESPACE).get(TuningReports.class, TuningReports.class);
            List<TuningVerdict> failed = reports == null ? List.of() : reports.failed();
            if (!failed.isEmpty()) {
                AssertionFailedError error = new AssertionFailedError(verdictMessage(failed));
                TestContexts.journal().attachText("tuning verdict", error.getMessage());
                throw error;
            }
        });
    }

    static String verdictMessage(List<TuningVerdict> failed) {
        int count = failed.stream().mapToInt(v -> v.mismatches().size()).sum();
        return "tuning (policy FAIL): " + count + " mismatch" + (count == 1 ? "" : "es") + ":\n"
                + failed.stream().flatMap(v -> v.violations().stream()).map(v -> "  - " + v.describe())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TuningReports.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        TuningReports reports = context.getStore(NAMESPACE).get(TuningReports.class, TuningReports.class);
        if (reports == null) {
            throw new ParameterResolutionException("a TuningReports parameter needs @TuningCheck on "
                    + context.getRequiredTestMethod().getName() + " or its class");
        }
        return reports;
    }
}
