package io.kvm4nfv.junit;

import io.kvm4nfv.config.ForwardingDriver;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.SlaDefaults;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.orchestration.ForwardingProbe;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.probe.forwarding.EmbeddedLabOptions;
import io.kvm4nfv.probe.forwarding.ForwardingOptions;
import io.kvm4nfv.probe.forwarding.ForwardingSla;
import io.kvm4nfv.probe.forwarding.FrameSizes;
import io.kvm4nfv.probe.forwarding.InvalidDeploymentException;
import io.kvm4nfv.probe.forwarding.NicAttachment;
import io.kvm4nfv.probe.forwarding.SharedTrafficGenerator;
import io.kvm4nfv.probe.forwarding.Topology;
import io.kvm4nfv.probe.forwarding.TrafficGenerator;
import io.kvm4nfv.probe.forwarding.TrafficGenerators;
import io.kvm4nfv.probe.forwarding.VsperfOptions;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.result.ForwardingResult;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The extension behind {@link PacketForwarding} (registered by {@link Kvm4nfvTest}, after
 * {@link Kvm4nfvExtension}): reads the annotation into {@link ForwardingOptions} before the
 * test (misuse: {@link ExtensionConfigurationException} naming the attribute), runs the
 * traffic right before the body with the generator that fits the lab
 * ({@link TrafficGenerators}, shared by the class's tests: {@link #sharedGenerator}), records and
 * publishes the result (results file, summary line,
 * Allure charts of latency and throughput per frame size) before anything is judged, injects
 * it as a {@link ForwardingResult} parameter, and after the body fails the test with every
 * violated bound of every frame size. Does nothing for tests without the annotation.
 */
public final class PacketForwardingExtension implements BeforeEachCallback, BeforeTestExecutionCallback,
        InvocationInterceptor, ParameterResolver {

    /** Seconds per frame size when neither the annotation nor the run says (VSPERF's default). */
    static final long DEFAULT_DURATION_SECONDS = 30;
    private static final String ANNOTATION = "@PacketForwarding";

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<PacketForwarding> annotation = annotation(context);
        if (annotation.isEmpty()) {
            return;
        }
        long defaultSeconds = context.getConfigurationParameter(PacketForwarding.DURATION_PARAMETER)
                .map(v -> positive(PacketForwarding.DURATION_PARAMETER, v)).orElse(DEFAULT_DURATION_SECONDS);
        PodConfig pod = TestContexts.plan(context).pod();
        ForwardingOptions options = options(annotation.get(), pod.sla().forwarding(), defaultSeconds);
        context.getStore(TestContexts.NAMESPACE).put(ForwardingOptions.class, options);
        context.getStore(TestContexts.NAMESPACE).put(VsperfOptions.class, vsperfOptions(annotation.get(), pod));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        ForwardingOptions options = context.getStore(TestContexts.NAMESPACE).get(ForwardingOptions.class,
                ForwardingOptions.class);
        if (options == null) {
            return;
        }
        TestPlan plan = TestContexts.plan(context);
        AllureJournal journal = TestContexts.journal();
        TrafficGenerator generator = sharedGenerator(context, plan, journal,
                context.getStore(TestContexts.NAMESPACE).get(VsperfOptions.class, VsperfOptions.class));
        if (!generator.supports(options.topology())) {
            throw new ExtensionConfigurationException(ANNOTATION + "(deployment = \""
                    + options.topology().deployment() + "\", guestNics = " + options.topology().guestNicsNr()
                    + "): pod " + plan.pod().name() + " (" + generator.name() + ") cannot run this deployment");
        }
        journal.label("pod", plan.pod().name());
        LabStore.describe(context, journal, LabStore.lab(context, plan.pod()));
        journal.parameter("deployment", options.topology().deployment().canonicalName());
        journal.parameter("frameSizes", options.frameSizes());
        Outcome<ForwardingResult> outcome = ResultRecording.configurationError(() -> ResultRecording
                .probeRunner(context, journal).run(new ForwardingProbe(generator, options)));
        context.getStore(TestContexts.NAMESPACE).put(ForwardingProbe.class, outcome);
        context.getStore(TestContexts.NAMESPACE).put(ForwardingResult.class, outcome.result());
    }

    /**
     * The generator of the test's class: one {@link SharedTrafficGenerator} per pod, host and
     * embedded-lab settings in the class's store, so that the tests (and parameterized
     * invocations) of one deployment share its running path — its booted guests — and the class's
     * paths are removed when the class ends, also after failures, the last built first. The class,
     * not the run: an idle path costs little CPU (measured under TCG: ~0.3 % of a core per guest,
     * ~0.1 % for ovs-vswitchd) but holds its guests' RAM (192 MiB each, 5 guests for p2p..pvpv)
     * and its namespaces, and later classes (migration, cyclictest) boot guests of their own.
     * Tests that run VSPERF with settings of their own ({@code vsperf}) get a generator of their own.
     */
    static SharedTrafficGenerator sharedGenerator(ExtensionContext context, TestPlan plan, AllureJournal journal,
                                                  VsperfOptions vsperf) {
        Lab lab = LabStore.lab(context, plan.pod());
        Node host = plan.needsEnvironment() ? LabStore.environment(context, lab, plan, journal).host()
                : lab.hosts().get(0);
        int offeredFps = context.getConfigurationParameter(PacketForwarding.OFFERED_FPS_PARAMETER)
                .map(v -> (int) positive(PacketForwarding.OFFERED_FPS_PARAMETER, v))
                .orElse(EmbeddedLabOptions.defaults().offeredFps());
        EmbeddedLabOptions embedded = EmbeddedLabOptions.defaults().withOfferedFps(offeredFps);
        List<Object> key = List.of("forwarding", plan.pod().name(), host.name(), embedded.switchKind(), offeredFps,
                vsperf);
        return TestContexts.classContext(context).getStore(TestContexts.NAMESPACE).getOrComputeIfAbsent(key,
                k -> new SharedTrafficGenerator(TrafficGenerators.forLab(lab, host, embedded, vsperf,
                        plan.pod().timeouts().reboot(), journal::note, journal), journal::note),
                SharedTrafficGenerator.class);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        SlaVerdicts.bodyThenOutcome(invocation, context, ForwardingProbe.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == ForwardingResult.class || type == TrafficGenerator.class;
    }

    /**
     * A {@link ForwardingResult} (the test's {@link PacketForwarding} run) or a
     * {@link TrafficGenerator}: the class's shared generator, for tests that run traffic from
     * plain Java and still share the running paths.
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        if (parameterContext.getParameter().getType() == TrafficGenerator.class) {
            TestPlan plan = TestContexts.plan(context);
            return sharedGenerator(context, plan, TestContexts.journal(),
                    VsperfOptions.of(plan.pod().forwarding().vsperf()));
        }
        ForwardingResult result = context.getStore(TestContexts.NAMESPACE).get(ForwardingResult.class, ForwardingResult.class);
        if (result == null) {
            throw new ParameterResolutionException("a ForwardingResult parameter needs " + ANNOTATION + " on "
                    + context.getRequiredTestMethod().getName());
        }
        return result;
    }

    // ---- annotation -> options -------------------------------------------------------------

    private static Optional<PacketForwarding> annotation(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, PacketForwarding.class));
    }

    /**
     * The options of {@code a}: bounds at -1 take the pod's, {@code durationSeconds} 0 takes
     * {@code defaultSeconds}.
     *
     * @throws ExtensionConfigurationException naming the attribute that is wrong
     */
    static ForwardingOptions options(PacketForwarding a, SlaDefaults.Forwarding pod, long defaultSeconds) {
        Topology topology;
        try {
            topology = Topology.parse(a.deployment(), Arrays.stream(a.guestNics()).boxed().toList());
        } catch (InvalidDeploymentException e) {
            String attribute = a.guestNics().length > 0 && e.getMessage().contains("GUEST_NICS_NR") ? "guestNics"
                    : "deployment";
            throw new ExtensionConfigurationException(ANNOTATION + "(" + attribute + "): " + e.getMessage(), e);
        }
        if (a.nics() != NicAttachment.VSWITCH) {
            try {
                topology = topology.withAttachment(a.nics());
            } catch (InvalidDeploymentException e) {
                throw new ExtensionConfigurationException(ANNOTATION + "(nics = " + a.nics() + ", deployment = \""
                        + a.deployment() + "\"): " + e.getMessage(), e);
            }
        }
        List<Integer> sizes = Arrays.stream(a.frameSizes()).boxed().toList();
        try {
            FrameSizes.validate(sizes);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(ANNOTATION + "(frameSizes): " + e.getMessage(), e);
        }
        if (a.durationSeconds() < 0) {
            throw new ExtensionConfigurationException(ANNOTATION + "(durationSeconds) must be >= 1 (0 = run default), not "
                    + a.durationSeconds());
        }
        long seconds = a.durationSeconds() == 0 ? defaultSeconds : a.durationSeconds();
        if (a.maxLossPercent() > 100) {
            throw new ExtensionConfigurationException(ANNOTATION + "(maxLossPercent) is a percentage 0..100, not "
                    + a.maxLossPercent());
        }
        ForwardingSla sla = new ForwardingSla(
                bound("maxAvgLatencyUs", a.maxAvgLatencyUs(), pod.maxAvgLatencyUs()),
                bound("maxLatencyUs", a.maxLatencyUs(), pod.maxLatencyUs()),
                bound("minThroughputMbps", a.minThroughputMbps(), pod.minThroughputMbps()),
                bound("maxLossPercent", a.maxLossPercent(), pod.maxLossPercent()));
        return new ForwardingOptions(topology, sizes, Duration.ofSeconds(seconds), sla);
    }

    /**
     * How VSPERF runs for {@code a} on {@code pod}: the pod's {@code forwarding.vsperf} with the
     * annotation's {@code trafficgen}, {@code vswitch}, {@code vnf} and {@code confFile} put over it.
     *
     * @throws ExtensionConfigurationException naming the attribute that is wrong, set on a pod that does not
     *                                         run VSPERF, or contradicts {@code nics}
     */
    static VsperfOptions vsperfOptions(PacketForwarding a, PodConfig pod) {
        VsperfOptions o = VsperfOptions.of(pod.forwarding().vsperf());
        String[][] given = {{"trafficgen", a.trafficgen()}, {"vswitch", a.vswitch()}, {"vnf", a.vnf()},
                {"confFile", a.confFile()}};
        for (String[] attribute : given) {
            if (!attribute[1].isEmpty() && pod.forwarding().driver() != ForwardingDriver.VSPERF) {
                throw new ExtensionConfigurationException(ANNOTATION + "(" + attribute[0] + " = \"" + attribute[1]
                        + "\"): pod " + pod.name() + " runs forwarding.driver " + pod.forwarding().driver().yamlName()
                        + "; trafficgen, vswitch, vnf and confFile are VSPERF's (forwarding.driver: vsperf in the pod"
                        + " file)");
            }
        }
        o = with(o, "trafficgen", a.trafficgen(), VsperfOptions::withTrafficgen);
        o = with(o, "vswitch", a.vswitch(), VsperfOptions::withVswitch);
        o = with(o, "vnf", a.vnf(), VsperfOptions::withVnf);
        if (!a.confFile().isEmpty() && (a.confFile().isBlank() || a.confFile().chars().anyMatch(Character::isISOControl))) {
            throw new ExtensionConfigurationException(ANNOTATION + "(confFile) is not a file name: '" + a.confFile()
                    + "'");
        }
        o = a.confFile().isEmpty() ? o : o.withConfFile(a.confFile());
        if (a.nics() != NicAttachment.VSWITCH) {
            String without = ANNOTATION + "(nics = " + a.nics() + ") runs without a vSwitch (VSPERF --vswitch none"
                    + " --vnf QemuPciPassthrough)";
            if (!a.vswitch().isEmpty() && !a.vswitch().equals("none")) {
                throw new ExtensionConfigurationException(ANNOTATION + "(vswitch = \"" + a.vswitch() + "\"): " + without
                        + "; leave vswitch out");
            }
            if (!a.vnf().isEmpty() && !a.vnf().equals("QemuPciPassthrough")) {
                throw new ExtensionConfigurationException(ANNOTATION + "(vnf = \"" + a.vnf() + "\"): " + without
                        + "; leave vnf out");
            }
            if (a.nics() == NicAttachment.SRIOV && o.confFile() == null
                    && pod.forwarding().driver() == ForwardingDriver.VSPERF) {
                throw new ExtensionConfigurationException(ANNOTATION + "(nics = SRIOV) needs a VSPERF conf file whose"
                        + " WHITELIST_NICS names the virtual functions ('0000:05:00.0|vf0'): set confFile here or"
                        + " forwarding.vsperf.confFile in pod " + pod.name());
            }
        }
        return o;
    }

    private static VsperfOptions with(VsperfOptions options, String attribute, String value,
                                      BiFunction<VsperfOptions, String, VsperfOptions> set) {
        if (value.isEmpty()) {
            return options;
        }
        try {
            return set.apply(options, value);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(ANNOTATION + "(" + attribute + "): " + e.getMessage(), e);
        }
    }

    private static Double bound(String attribute, double value, Double podDefault) {
        if (value == -1) {
            return podDefault;
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ExtensionConfigurationException(ANNOTATION + "(" + attribute + ") must be a finite number >= 0"
                    + " (or -1 for the pod default), not " + value);
        }
        return value;
    }

    private static long positive(String parameter, String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ExtensionConfigurationException(parameter + " must be a positive whole number: '" + value + "'");
        }
    }
}
