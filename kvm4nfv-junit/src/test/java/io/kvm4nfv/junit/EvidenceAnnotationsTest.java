package io.kvm4nfv.junit;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.probe.membw.PcmMemoryOptions;
import io.kvm4nfv.probe.trace.AttachPolicy;
import io.kvm4nfv.probe.trace.FtraceOptions;
import io.kvm4nfv.probe.tuning.TuningPolicy;
import io.kvm4nfv.probe.tuning.TuningRow;
import io.kvm4nfv.probe.tuning.TuningStatus;
import io.kvm4nfv.probe.tuning.TuningVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Annotation → options mapping and misuse of {@link Ftrace}, {@link MemoryBandwidth}, {@link TuningCheck}, {@link Scenario}. */
class EvidenceAnnotationsTest {

    private static final Duration T = Duration.ofSeconds(42);

    static class Examples {
        @Ftrace
        void defaults() {
        }

        @Ftrace(tracer = "nop", events = {"sched:sched_switch", "irq"}, cpus = "1-2", bufferSizeKb = 2048,
                maxCollectedBytes = 65536, attach = AttachPolicy.ALWAYS, on = StressTarget.HOST)
        void everything() {
        }

        @Ftrace(tracer = "Function Graph")
        void badTracer() {
        }

        @Ftrace(events = {"sched;rm -rf /"})
        void badEvent() {
        }

        @Ftrace(cpus = "2-x")
        void badCpus() {
        }

        @Ftrace(bufferSizeKb = -1)
        void badBuffer() {
        }

        @Ftrace(maxCollectedBytes = 100)
        void tinyCollect() {
        }

        @MemoryBandwidth(interval = 0.5, binary = "/opt/pcm/pcm-memory")
        void membw() {
        }

        @MemoryBandwidth(interval = 0)
        void zeroInterval() {
        }

        @MemoryBandwidth(binary = " ")
        void blankBinary() {
        }

        @TuningCheck
        void tuningDefault() {
        }

        @TuningCheck(policy = TuningPolicy.FAIL)
        void tuningFail() {
        }

        @TuningCheck(policy = {TuningPolicy.FAIL, TuningPolicy.OFF})
        void tuningTwo() {
        }

        @Scenario("os-nosdn-kvm_ovs_dpdk-noha")
        void scenario() {
        }

        @Scenario("os-nosdn-kvm-maybe")
        void badMode() {
        }

        @Scenario("os-nosdn")
        void missingFields() {
        }

        @Ftrace
        @Cyclictest(breaktraceUs = 500)
        void tracedBreaktrace() {
        }

        @Ftrace(on = StressTarget.HOST)
        @Cyclictest(breaktraceUs = 500)
        void hostTracedBreaktrace() {
        }

        @Cyclictest(breaktraceUs = 500)
        void untracedBreaktrace() {
        }

        @Ftrace
        @Cyclictest
        void tracedNoBreaktrace() {
        }
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(String method, Class<A> type) {
        try {
            return Examples.class.getDeclaredMethod(method).getAnnotation(type);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static FtraceOptions ftrace(String method) {
        return FtraceExtension.options(annotation(method, Ftrace.class), T);
    }

    @Test
    void ftraceDefaultsAreKvm4nfvs() {
        FtraceOptions o = ftrace("defaults");
        assertThat(o.tracer()).isEqualTo("function");
        assertThat(o.events()).isEqualTo(FtraceOptions.KVM4NFV_EVENTS);
        assertThat(o.cpus().isEmpty()).isTrue();
        assertThat(o.bufferSizeKb()).isNull();
        assertThat(o.maxCollectedBytes()).isEqualTo(FtraceOptions.DEFAULT_MAX_COLLECTED_BYTES);
        assertThat(o.attach()).isEqualTo(AttachPolicy.ON_FAILURE);
        assertThat(o.mountIfAbsent()).isTrue();
        assertThat(o.commandTimeout()).isEqualTo(T);
        assertThat(annotation("defaults", Ftrace.class).on()).isEqualTo(StressTarget.GUEST);
    }

    @Test
    void ftraceMapsEveryAttribute() {
        FtraceOptions o = ftrace("everything");
        assertThat(o.tracer()).isEqualTo("nop");
        assertThat(o.events()).containsExactly("sched:sched_switch", "irq");
        assertThat(o.cpus()).isEqualTo(CpuSet.parse("1-2"));
        assertThat(o.bufferSizeKb()).isEqualTo(2048);
        assertThat(o.maxCollectedBytes()).isEqualTo(65536);
        assertThat(o.attach()).isEqualTo(AttachPolicy.ALWAYS);
    }

    @Test
    void ftraceMisuseNamesTheAttribute() {
        assertThatThrownBy(() -> ftrace("badTracer")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Ftrace(tracer = \"Function Graph\")");
        assertThatThrownBy(() -> ftrace("badEvent")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Ftrace(events = [sched;rm -rf /])");
        assertThatThrownBy(() -> ftrace("badCpus")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Ftrace(cpus = \"2-x\")");
        assertThatThrownBy(() -> ftrace("badBuffer")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Ftrace(bufferSizeKb = -1)");
        assertThatThrownBy(() -> ftrace("tinyCollect")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Ftrace(maxCollectedBytes = 100)");
    }

    @Test
    void memoryBandwidthMapsAndValidates() {
        PcmMemoryOptions o = MemoryBandwidthExtension.options(annotation("membw", MemoryBandwidth.class));
        assertThat(o.intervalSeconds()).isEqualTo(0.5);
        assertThat(o.binary()).isEqualTo("/opt/pcm/pcm-memory");
        assertThat(annotation("membw", MemoryBandwidth.class).required()).isFalse();
        assertThatThrownBy(() -> MemoryBandwidthExtension.options(annotation("zeroInterval", MemoryBandwidth.class)))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@MemoryBandwidth(interval = 0.0)");
        assertThatThrownBy(() -> MemoryBandwidthExtension.options(annotation("blankBinary", MemoryBandwidth.class)))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@MemoryBandwidth(binary = \" \")");
    }

    @Test
    void memoryBandwidthChartHasReadAndWriteOverTime() {
        var samples = List.of(
                new io.kvm4nfv.probe.membw.MemoryBandwidthSample(0, "2026-11-25 17:00:00.000", List.of(), 1200.5, 300),
                new io.kvm4nfv.probe.membw.MemoryBandwidthSample(1, "2026-11-25 17:00:01.000", List.of(), 2400, 650.25));
        var result = new io.kvm4nfv.probe.membw.MemoryBandwidthResult("kvmfornfv_cyclictest_cpustress_idle_MBW", "host",
                true, null, 1.0, samples);
        String svg = MemoryBandwidthExtension.chart(result);
        assertThat(svg).startsWith("<svg").contains("kvmfornfv_cyclictest_cpustress_idle_MBW on host")
                .contains(">read<").contains(">write<").contains("MB/s").endsWith("</svg>\n");
    }

    @Test
    void tuningPolicyComesFromAnnotationThenParameterThenPodKind() {
        PodConfig local = TestPlanTest.pod("local");
        assertThat(local.embedded()).isTrue();
        TuningCheck byDefault = annotation("tuningDefault", TuningCheck.class);
        assertThat(TuningCheckExtension.policy(byDefault, Optional.empty(), local)).isEqualTo(TuningPolicy.WARN);
        assertThat(TuningCheckExtension.policy(byDefault, Optional.of(" fail "), local)).isEqualTo(TuningPolicy.FAIL);
        assertThat(TuningCheckExtension.policy(annotation("tuningFail", TuningCheck.class), Optional.of("OFF"), local))
                .isEqualTo(TuningPolicy.FAIL);
        assertThatThrownBy(() -> TuningCheckExtension.policy(byDefault, Optional.of("strict"), local))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(TuningCheck.POLICY_PARAMETER).hasMessageContaining("'strict'");
        assertThatThrownBy(() -> TuningCheckExtension.policy(annotation("tuningTwo", TuningCheck.class),
                Optional.empty(), local)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@TuningCheck(policy = [FAIL, OFF])");
    }

    @Test
    void tuningVerdictListsEveryMismatchOfEveryNode() {
        TuningVerdict host = new TuningVerdict("host", TuningPolicy.FAIL, List.of(
                new TuningRow("isolcpus", "2-3", "(absent)", TuningStatus.MISMATCH),
                new TuningRow("idle", "poll", "(absent)", TuningStatus.MISMATCH)));
        TuningVerdict guest = new TuningVerdict("guest", TuningPolicy.FAIL, List.of(
                new TuningRow("kernel.watchdog", "0", "1", TuningStatus.MISMATCH)));
        assertThat(TuningCheckExtension.verdictMessage(List.of(host, guest))).isEqualTo("""
                tuning (policy FAIL): 3 mismatches:
                  - host: isolcpus: expected 2-3, actual (absent)
                  - host: idle: expected poll, actual (absent)
                  - guest: kernel.watchdog: expected 0, actual 1""");
    }

    @Test
    void scenarioIsParsedAndBadNamesNameAttributeAndField() {
        io.kvm4nfv.config.DeployScenario s = ScenarioExtension.parse(annotation("scenario", Scenario.class));
        assertThat(s.deployScenarioTag()).isEqualTo("os-nosdn-kvm_ovs_dpdk-noha");
        assertThat(s.features()).containsExactly("kvm", "ovs", "dpdk");
        assertThatThrownBy(() -> ScenarioExtension.parse(annotation("badMode", Scenario.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Scenario(value = \"os-nosdn-kvm-maybe\")").hasMessageContaining("[mode]");
        assertThatThrownBy(() -> ScenarioExtension.parse(annotation("missingFields", Scenario.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@Scenario(value = \"os-nosdn\")").hasMessageContaining("[feature]");
    }

    @Test
    void uptimeOfAReachableAndAnUnreachableNode() {
        NodeUptime up = ScenarioExtension.uptime("here", "host", () -> new LocalNode("here"), T);
        assertThat(up.up()).isTrue();
        assertThat(up.bootId()).matches("[0-9a-f-]{36}");
        assertThat(up.uptimeSeconds()).isPositive();
        NodeUptime down = ScenarioExtension.uptime("gone", "guest", () -> {
            throw new NodeException("[gone] connection refused");
        }, T);
        assertThat(down.up()).isFalse();
        assertThat(down.describe()).isEqualTo("gone (guest): NOT UP: NodeException: [gone] connection refused");
        assertThat(new ScenarioCheck("os-nosdn-kvm-noha", "local", List.of(up, down)).down()).containsExactly(down);
    }

    @Test
    void cyclictestMarksBreaktraceInTheTraceOnlyWhenTheGuestIsTraced() throws Exception {
        assertThat(plan("tracedBreaktrace").cyclictest().orElseThrow().commandLine())
                .contains("-b", "500", "--tracemark");
        assertThat(plan("hostTracedBreaktrace").cyclictest().orElseThrow().commandLine())
                .contains("-b").doesNotContain("--tracemark");
        assertThat(plan("untracedBreaktrace").cyclictest().orElseThrow().commandLine())
                .contains("-b").doesNotContain("--tracemark");
        assertThat(plan("tracedNoBreaktrace").cyclictest().orElseThrow().commandLine())
                .doesNotContain("-b", "--tracemark");
    }

    private static TestPlan plan(String method) throws NoSuchMethodException {
        Method m = Examples.class.getDeclaredMethod(method);
        return TestPlan.of(m, Examples.class, TestPlanTest.pod("local"), OptionalLong.empty());
    }
}
