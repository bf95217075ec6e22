package io.kvm4nfv.orchestration;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.load.StressType;
import io.kvm4nfv.load.TestType;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.LatencySla;
import io.kvm4nfv.probe.oslat.OslatOptions;
import io.kvm4nfv.probe.oslat.OslatSla;
import io.kvm4nfv.node.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A timer-latency test as {@code @Cyclictest} with {@code @Stress} describes it, in plain Java:
 * a guest of the pod, at most one stress load per target (host, guest) laid out by the pod's
 * CPU plan, cyclictest's options, and the SLA (the pod's {@code sla.cyclictest} unless replaced).
 * Immutable: every {@code with…} returns a new test. {@link #loads()} and {@link #probe(Path)}
 * are what {@link ProbeRunner} runs.
 */
public final class LatencyTest {

    /**
     * cyclictest as {@code @Cyclictest} runs it when no attribute is set: KVM4NFV's command line
     * ({@link CyclictestOptions#defaults()}) with a 20 ms histogram, so percentiles of a TCG guest
     * stay inside it.
     */
    public static final CyclictestOptions CYCLICTEST_DEFAULTS = CyclictestOptions.defaults().withHistogramUs(20_000);

    /** Added to cyclictest's planned duration for stress-ng's own {@code --timeout}. */
    static final Duration STRESS_SAFETY_MARGIN = Duration.ofMinutes(2);

    private final Lab lab;
    private final Guest guest;
    private final List<Stress> stresses;
    private final CyclictestOptions cyclictest;
    private final LatencySla sla;

    private record Stress(StressType type, StressTarget on, int workers, int memoryMiB) {
    }

    private LatencyTest(Lab lab, Guest guest, List<Stress> stresses, CyclictestOptions cyclictest, LatencySla sla) {
        this.lab = lab;
        this.guest = guest;
        this.stresses = List.copyOf(stresses);
        this.cyclictest = cyclictest;
        this.sla = sla;
    }

    /**
     * Idle-Idle in the pod's first guest, {@link #CYCLICTEST_DEFAULTS}, the pod's SLA.
     *
     * @param lab the open lab of the pod
     * @return the test in the pod's first guest
     * @throws IllegalArgumentException if the pod has no guest
     */
    public static LatencyTest of(Lab lab) {
        PodConfig pod = lab.pod();
        if (pod.guests().isEmpty()) {
            throw new IllegalArgumentException("a latency test needs a guest but pod " + pod.name() + " ("
                    + pod.source() + ") has none");
        }
        return of(lab, pod.guests().get(0).name());
    }

    /**
     * Idle-Idle in guest {@code guestName}, {@link #CYCLICTEST_DEFAULTS}, the pod's SLA.
     *
     * @param lab the open lab of the pod
     * @param guestName the name of the guest node, as in the pod file
     * @return the test in that guest
     */
    public static LatencyTest of(Lab lab, String guestName) {
        Objects.requireNonNull(lab, "lab");
        return new LatencyTest(lab, lab.guest(guestName), List.of(), CYCLICTEST_DEFAULTS,
                LatencySla.of(lab.pod().sla().cyclictest()));
    }

    /**
     * With a {@code type} load on {@code on}, laid out by the pod ({@link StressOptions#onPod}).
     *
     * @param type the kind of load; {@link StressType#IDLE} adds none
     * @param on whether the load runs on the guest's host or in the guest
     * @return a new test with the load added (workers as the pod's CPU plan gives, 64 MiB per memory worker),
     *         or this test for {@code IDLE}
     * @throws IllegalArgumentException when {@code on} already has a load
     */
    public LatencyTest withStress(StressType type, StressTarget on) {
        return withStress(type, on, 0, StressOptions.DEFAULT_MEMORY_MIB);
    }

    /**
     * With a {@code type} load on {@code on}; {@link StressType#IDLE} means none.
     *
     * @param type the kind of load
     * @param on whether the load runs on the guest's host or in the guest
     * @param workers 0: one per stress CPU of the host (the pod's choice)
     * @param memoryMiB memory per stress-ng memory worker, in MiB
     * @return a new test with the load added, or this test for {@code IDLE}
     * @throws IllegalArgumentException when {@code on} already has a load (the test type is {@code [Host]-[Guest]})
     */
    public LatencyTest withStress(StressType type, StressTarget on, int workers, int memoryMiB) {
        if (type == StressType.IDLE) {
            return this;
        }
        if (stresses.stream().anyMatch(s -> s.on() == on)) {
            throw new IllegalArgumentException("at most one load per target (on = " + on
                    + "); the test type is [Host]-[Guest]");
        }
        List<Stress> more = new ArrayList<>(stresses);
        more.add(new Stress(type, on, workers, memoryMiB));
        return new LatencyTest(lab, guest, more, cyclictest, sla);
    }

    /**
     * With every load of {@code stresses} (as {@code @Stress} annotations give them: type, target,
     * workers, memory; the CPUs and stress-ng's timeout are laid out again by the pod).
     *
     * @param stresses the loads to add, at most one per target
     * @return a new test with all the loads added
     * @throws IllegalArgumentException when two loads, or a load and one already set, share a target
     */
    public LatencyTest withStresses(List<StressOptions> stresses) {
        LatencyTest test = this;
        for (StressOptions s : stresses) {
            test = test.withStress(s.type(), s.target(), s.workers(), s.memoryMiB());
        }
        return test;
    }

    /**
     * With cyclictest run as {@code options} says.
     *
     * @param options cyclictest's command-line options
     * @return a new test with those options
     */
    public LatencyTest withCyclictest(CyclictestOptions options) {
        return new LatencyTest(lab, guest, stresses, Objects.requireNonNull(options, "options"), sla);
    }

    /**
     * With cyclictest running {@code loops} cycles ({@code -l}), its other options unchanged.
     *
     * @param loops the number of cycles per measurement thread
     * @return a new test with that loop count
     */
    public LatencyTest withLoops(long loops) {
        return withCyclictest(cyclictest.withLoops(loops));
    }

    /**
     * Judged by {@code bounds} instead of the pod's {@code sla.cyclictest}.
     *
     * @param bounds the latency bounds to judge the result by
     * @return a new test judged by {@code bounds}
     */
    public LatencyTest withSla(LatencySla bounds) {
        return new LatencyTest(lab, guest, stresses, cyclictest, Objects.requireNonNull(bounds, "bounds"));
    }

    /**
     * {@code [Host]-[Guest]}, e.g. {@code CPU_stress-Idle}.
     *
     * @return the test type naming the host's and the guest's load ({@code Idle} where none)
     */
    public TestType testType() {
        return new TestType(typeOn(StressTarget.HOST), typeOn(StressTarget.GUEST));
    }

    private StressType typeOn(StressTarget target) {
        return stresses.stream().filter(s -> s.on() == target).map(Stress::type).findFirst().orElse(StressType.IDLE);
    }

    /**
     * The loads, host first, each with stress-ng's own timeout past cyclictest's planned end.
     *
     * @return one load per target, the host's first
     */
    public List<Load> loads() {
        return loads(cyclictest.plannedDuration());
    }

    /**
     * The loads for a measurement of {@code planned} length (e.g. an oslat run's).
     *
     * @param planned the measurement's planned length; stress-ng's timeout is this plus two minutes
     * @return one load per target, the host's first
     */
    public List<Load> loads(Duration planned) {
        NodeConfig host = lab.pod().node(guest.hostName());
        Duration safety = planned.plus(STRESS_SAFETY_MARGIN);
        return stresses.stream().sorted((a, b) -> a.on().compareTo(b.on()))
                .map(s -> new Load(s.on() == StressTarget.HOST ? lab.node(guest.hostName()) : guest.node(),
                        StressOptions.onPod(s.type(), s.on(), host, s.workers(), s.memoryMiB(), safety)))
                .toList();
    }

    /**
     * oslat under this test's loads, in the guest or on its host, judged by {@code bounds}
     * (pod defaults: {@code sla.oslat}); run it with {@code loads(options.plannedDuration())}.
     *
     * @param options oslat's command-line options
     * @param bounds the latency bounds to judge the result by
     * @param on whether oslat runs in the guest or on its host
     * @param rawOutput the local file that receives oslat's output
     * @return a probe for {@link ProbeRunner} or {@link ProbeSession}
     */
    public OslatProbe oslatProbe(OslatOptions options, OslatSla bounds, StressTarget on, Path rawOutput) {
        Node node = on == StressTarget.HOST ? lab.node(guest.hostName()) : guest.node();
        return new OslatProbe(node, options, testType(), bounds, rawOutput, lab.pod().name());
    }

    /**
     * The cyclictest probe, its raw output copied to {@code rawOutput}.
     *
     * @param rawOutput the local file that receives cyclictest's output
     * @return a probe running cyclictest in this test's guest, judged by its SLA
     */
    public CyclictestProbe probe(Path rawOutput) {
        return new CyclictestProbe(guest, cyclictest, testType(), sla, rawOutput, lab.pod().name());
    }
}
