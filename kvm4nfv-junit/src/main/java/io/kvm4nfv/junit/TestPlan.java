package io.kvm4nfv.junit;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.load.StressType;
import io.kvm4nfv.load.TestType;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.LatencySla;
import io.kvm4nfv.setup.InvalidStepException;
import io.kvm4nfv.setup.SetupSequence;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one test method asks for, read from its annotations (method first, then class)
 * and checked against the pod: every misuse is an {@link ExtensionConfigurationException}
 * naming the annotation and attribute. Annotations are only sugar: everything here is
 * a plain options record of a lower layer.
 *
 * @param pod         the pod the test runs on
 * @param hostSetup   the host setup sequence (possibly empty)
 * @param guestSetup  the guest setup sequence (possibly empty)
 * @param guestName   the guest to use, or {@code null} when the test needs none
 * @param stresses    the loads, at most one per target
 * @param testType    {@code [Host]-[Guest]} derived from the loads
 * @param cyclictest  the cyclictest run, if any
 * @param latencySla  the latency bounds (annotation merged with pod defaults)
 */
record TestPlan(PodConfig pod, SetupSequence hostSetup, SetupSequence guestSetup, String guestName,
                List<StressOptions> stresses, TestType testType, Optional<CyclictestOptions> cyclictest,
                LatencySla latencySla) {

    /** Default cycles when neither the annotation nor {@code kvm4nfv.probe.cyclictest.loops} says: KVM4NFV's. */
    static final long DEFAULT_LOOPS = 600_000;

    /** Whether the test needs a provisioned environment (a lab with setup and maybe a guest). */
    boolean needsEnvironment() {
        return cyclictest.isPresent() || !stresses.isEmpty() || !hostSetup.isEmpty() || !guestSetup.isEmpty()
                || guestName != null;
    }

    static TestPlan of(Method method, Class<?> testClass, PodConfig pod, OptionalLong loopsOverride) {
        SetupSequence hostSetup = sequence(method, testClass, HostSetup.class, pod.scripts().host(), "host");
        SetupSequence guestSetup = sequence(method, testClass, GuestSetup.class, pod.scripts().guest(), "guest");
        Optional<Cyclictest> cyclictest = AnnotationSupport.findAnnotation(method, Cyclictest.class);
        List<Stress> stressAnnotations = new ArrayList<>(AnnotationSupport.findRepeatableAnnotations(method, Stress.class));
        if (stressAnnotations.isEmpty()) {
            stressAnnotations.addAll(AnnotationSupport.findRepeatableAnnotations(testClass, Stress.class));
        }

        String guestName = null;
        Optional<String> probe = probeNeedingGuest(method);
        boolean injectsGuest = Arrays.asList(method.getParameterTypes()).contains(io.kvm4nfv.lab.Guest.class);
        if (probe.isEmpty() && AnnotationSupport.findAnnotation(method, Oslat.class)
                .filter(o -> o.on() == StressTarget.GUEST).isPresent()) {
            probe = Optional.of("@Oslat(on = GUEST)");
        }
        if (probe.isEmpty() && injectsGuest) {
            probe = Optional.of("a Guest parameter");
        }
        boolean needsGuest = probe.isPresent() || !guestSetup.isEmpty()
                || stressAnnotations.stream().anyMatch(s -> s.on() == StressTarget.GUEST);
        if (needsGuest) {
            String wanted = cyclictest.map(Cyclictest::guest).orElse("");
            guestName = guest(pod, wanted, probe.orElse("@GuestSetup/@Stress(on = GUEST)"));
        }
        NodeConfig hostNode = guestName != null ? pod.node(pod.node(guestName).host()) : pod.hosts().get(0);

        // with ftrace in the guest, cyclictest marks a breaktrace hit in the trace (--tracemark) and stops it there
        boolean guestTraced = AnnotationSupport.findAnnotation(method, Ftrace.class)
                .or(() -> AnnotationSupport.findAnnotation(testClass, Ftrace.class))
                .filter(f -> f.on() == StressTarget.GUEST).isPresent();
        Optional<CyclictestOptions> options = cyclictest.map(c -> cyclictestOptions(c, loopsOverride, guestTraced));
        Duration planned = options.map(CyclictestOptions::plannedDuration).orElse(Duration.ofMinutes(10));
        List<StressOptions> stresses = stresses(stressAnnotations, hostNode, planned.plusMinutes(2));
        StressType host = stresses.stream().filter(s -> s.target() == StressTarget.HOST).map(StressOptions::type)
                .findFirst().orElse(StressType.IDLE);
        StressType guest = stresses.stream().filter(s -> s.target() == StressTarget.GUEST).map(StressOptions::type)
                .findFirst().orElse(StressType.IDLE);
        LatencySla sla = cyclictest.map(TestPlan::sla).orElse(LatencySla.NONE).orElse(LatencySla.of(pod.sla().cyclictest()));
        return new TestPlan(pod, hostSetup, guestSetup, guestName, stresses, new TestType(host, guest), options, sla);
    }

    /** The first annotation of the method that is meta-annotated {@link NeedsGuest}, as {@code @Name}. */
    private static Optional<String> probeNeedingGuest(Method method) {
        return Arrays.stream(method.getAnnotations())
                .filter(a -> a.annotationType().isAnnotationPresent(NeedsGuest.class))
                .map(a -> "@" + a.annotationType().getSimpleName()).findFirst();
    }

    private static <A extends java.lang.annotation.Annotation> SetupSequence sequence(
            Method method, Class<?> testClass, Class<A> type, Path scriptDir, String role) {
        Optional<A> annotation = AnnotationSupport.findAnnotation(method, type)
                .or(() -> AnnotationSupport.findAnnotation(testClass, type));
        String name = "@" + type.getSimpleName();
        if (annotation.isEmpty()) {
            return SetupSequence.empty(scriptDir == null ? Path.of(".") : scriptDir);
        }
        String[] steps = annotation.get() instanceof HostSetup h ? h.value() : ((GuestSetup) annotation.get()).value();
        if (scriptDir == null && Arrays.stream(steps).anyMatch(s -> !SetupSequence.REBOOT.equals(s))) {
            throw new ExtensionConfigurationException(name + "(value) names scripts but the pod has no "
                    + role + " script directory (scripts." + role + " in the pod file)");
        }
        try {
            return SetupSequence.parse(List.of(steps), scriptDir == null ? Path.of(".") : scriptDir);
        } catch (InvalidStepException e) {
            throw new ExtensionConfigurationException(name + "(value): " + e.getMessage(), e);
        }
    }

    private static String guest(PodConfig pod, String wanted, String who) {
        if (!wanted.isEmpty()) {
            return pod.findNode(wanted).filter(n -> pod.guests().contains(n)).map(NodeConfig::name)
                    .orElseThrow(() -> new ExtensionConfigurationException("@Cyclictest(guest = \"" + wanted
                            + "\"): pod " + pod.name() + " has no such guest; guests: "
                            + pod.guests().stream().map(NodeConfig::name).toList()));
        }
        if (pod.guests().isEmpty()) {
            throw new ExtensionConfigurationException(who + " needs a guest but pod " + pod.name() + " ("
                    + pod.source() + ") has none");
        }
        return pod.guests().get(0).name();
    }

    private static CyclictestOptions cyclictestOptions(Cyclictest c, OptionalLong loopsOverride, boolean traced) {
        requireAtLeast("loops", c.loops(), 0);
        requireAtLeast("durationSeconds", c.durationSeconds(), 0);
        requireAtLeast("intervalUs", c.intervalUs(), 1);
        requireAtLeast("threads", c.threads(), 1);
        requireAtLeast("histogramUs", c.histogramUs(), 0);
        requireAtLeast("breaktraceUs", c.breaktraceUs(), 0);
        for (String bound : List.of("minUs", "avgUs", "maxUs", "p99Us", "p999Us", "p9999Us")) {
            double v = bound(c, bound);
            if (v < 0 && v != -1 || Double.isNaN(v)) {
                throw new ExtensionConfigurationException("@Cyclictest(" + bound + " = " + v
                        + ") must be >= 0 (or -1 for the pod's default)");
            }
        }
        if (c.loops() > 0 && c.durationSeconds() > 0) {
            throw new ExtensionConfigurationException("@Cyclictest: set loops or durationSeconds, not both (loops = "
                    + c.loops() + ", durationSeconds = " + c.durationSeconds() + ")");
        }
        try {
            CyclictestOptions o = CyclictestOptions.defaults()
                    .withIntervalUs(c.intervalUs())
                    .withPolicy(c.policy(), c.policy().realtime() ? c.priority() : 0)
                    .withThreads(c.threads())
                    .withAffinity(c.affinity().isEmpty() ? null : c.affinity())
                    .withHistogramUs(c.histogramUs())
                    .withMlock(c.mlock())
                    .withBreaktraceUs(c.breaktraceUs(), traced && c.breaktraceUs() > 0)
                    .withQuiet(true);
            if (c.durationSeconds() > 0) {
                return o.withDurationSeconds(c.durationSeconds());
            }
            return o.withLoops(c.loops() > 0 ? c.loops() : loopsOverride.orElse(DEFAULT_LOOPS));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@Cyclictest: " + e.getMessage(), e);
        }
    }

    private static void requireAtLeast(String attribute, long value, long min) {
        if (value < min) {
            throw new ExtensionConfigurationException("@Cyclictest(" + attribute + " = " + value + ") must be >= " + min);
        }
    }

    private static double bound(Cyclictest c, String name) {
        return switch (name) {
            case "minUs" -> c.minUs();
            case "avgUs" -> c.avgUs();
            case "maxUs" -> c.maxUs();
            case "p99Us" -> c.p99Us();
            case "p999Us" -> c.p999Us();
            case "p9999Us" -> c.p9999Us();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static LatencySla sla(Cyclictest c) {
        return new LatencySla(opt(c.minUs()), opt(c.avgUs()), opt(c.maxUs()), opt(c.p99Us()), opt(c.p999Us()),
                opt(c.p9999Us()));
    }

    private static OptionalDouble opt(double v) {
        return v < 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static List<StressOptions> stresses(List<Stress> annotations, NodeConfig hostNode, Duration safety) {
        List<StressOptions> out = new ArrayList<>();
        for (Stress s : annotations) {
            String where = "@Stress(value = " + s.value() + ", on = " + s.on() + ")";
            if (s.value() == StressType.IDLE) {
                continue;
            }
            if (out.stream().anyMatch(o -> o.target() == s.on())) {
                throw new ExtensionConfigurationException(where + ": at most one load per target (on = " + s.on()
                        + "); the test type is [Host]-[Guest]");
            }
            if (s.workers() < 0) {
                throw new ExtensionConfigurationException(where + ": workers = " + s.workers() + " must be >= 0");
            }
            if (s.memoryMiB() < 1) {
                throw new ExtensionConfigurationException(where + ": memoryMiB = " + s.memoryMiB() + " must be >= 1");
            }
            out.add(StressOptions.onPod(s.value(), s.on(), hostNode, s.workers(), s.memoryMiB(), safety));
        }
        return out;
    }
}
