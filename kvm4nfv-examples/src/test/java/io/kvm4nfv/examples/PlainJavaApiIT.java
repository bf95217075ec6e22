package io.kvm4nfv.examples;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.load.StressLoad;
import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.load.StressType;
import io.kvm4nfv.load.TestType;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.CyclictestRun;
import io.kvm4nfv.probe.cyclictest.LatencySla;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;

import static io.kvm4nfv.junit.Kvm4nfvAssertions.assertThat;

/**
 * The CPU_stress-Idle test written with the plain Java API: no @Cyclictest, no @Stress —
 * only the injected {@link Lab} (the same shared lab the annotated classes use). Everything
 * the annotations do is available as options records and runners.
 */
@Kvm4nfvTest
@DisplayName("KVM4NFV timer latency from plain Java")
class PlainJavaApiIT {

    @Test
    @DisplayName("CPU_stress-Idle, plain Java")
    void cpuStressIdleWithoutAnnotations(Lab lab) {
        PodConfig pod = lab.pod();
        NodeConfig guestConfig = pod.guests().get(0);
        NodeConfig hostConfig = pod.node(guestConfig.host());
        Guest guest = lab.guest(guestConfig.name());

        TestType type = new TestType(StressType.CPU, StressType.IDLE);
        CyclictestOptions cyclictest = CyclictestOptions.defaults().withLoops(5_000).withAffinity("0");
        StressOptions stress = new StressOptions(StressType.CPU, StressTarget.HOST,
                hostConfig.cpus().stress().isEmpty() ? null : hostConfig.cpus().stress().toString(), 1, 64,
                cyclictest.plannedDuration().plusMinutes(2));

        CyclictestResult result;
        try (StressLoad load = StressLoad.start(lab.node(hostConfig.name()), stress)) {
            result = new CyclictestRun(cyclictest, type.displayName(),
                    Path.of("target/kvm4nfv-results/raw/plain-java-cyclictest.txt"), Duration.ofMinutes(2),
                    System.out::println).run(guest.node());
        }

        // the pod's SLA defaults, judged with the AssertJ entry point
        Double maxUs = pod.sla().cyclictest().maxUs();
        LatencySla sla = new LatencySla(OptionalDouble.empty(), OptionalDouble.empty(),
                maxUs == null ? OptionalDouble.empty() : OptionalDouble.of(maxUs), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty());
        assertThat(result).hasThreads(1).hasAtLeastSamples(5_000).meets(sla);
    }
}
