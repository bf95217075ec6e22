package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.load.StressType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.OptionalLong;

import static io.kvm4nfv.load.StressType.CPU;
import static io.kvm4nfv.load.StressType.MEMORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPlanTest {

    static PodConfig pod(String name) {
        return new PodConfigLoader(Map.of("kvm4nfv.config.dir", System.getProperty("kvm4nfv.config.dir")), Map.of(),
                java.nio.file.Path.of(".")).load(name);
    }

    private static TestPlan plan(String method) throws NoSuchMethodException {
        Method m = Examples.class.getDeclaredMethod(method);
        return TestPlan.of(m, Examples.class, pod("local"), OptionalLong.empty());
    }

    @HostSetup({"host-setup0.sh", "host-setup1.sh"})
    static class Examples {
        @Cyclictest(loops = 1000, maxUs = 1500.5)
        void idleIdle() {
        }

        @Cyclictest(maxUs = 100)
        @Stress(CPU)
        @Stress(value = MEMORY, on = StressTarget.GUEST)
        void cpuMemory() {
        }

        @Cyclictest(maxUs = -5)
        void negative() {
        }

        @Cyclictest(threads = 0)
        void noThreads() {
        }

        @Cyclictest
        @Stress(CPU)
        @Stress(StressType.IO)
        void twoHostLoads() {
        }

        @Cyclictest
        @GuestSetup({"guest-setup0.sh", "no-such.sh"})
        void unknownStep() {
        }

        @Cyclictest
        @HostSetup({"../../../../etc/passwd"})
        void traversal() {
        }

        @Cyclictest(guest = "nope")
        void unknownGuest() {
        }

        @Cyclictest(loops = 10, durationSeconds = 10)
        void both() {
        }

        @Cyclictest
        void podDefaults() {
        }
    }

    @HostSetup({"host-setup0.sh", "reboot", "host-setup1.sh", "host-run-qemu.sh"})
    @GuestSetup({"guest-setup0.sh", "reboot", "guest-setup1.sh"})
    static class Pod10 {
        @Cyclictest
        void idleIdle() {
        }
    }

    static class NoSetup {
        @Cyclictest
        void run() {
        }
    }

    @Test
    void annotationsBecomeOptionsRecords() throws Exception {
        TestPlan p = plan("idleIdle");
        assertThat(p.cyclictest()).get().satisfies(o -> {
            assertThat(o.loops()).isEqualTo(1000);
            assertThat(o.commandLine()).contains("-m", "-q").doesNotContain("-n", "--notrace");
        });
        assertThat(p.latencySla().maxUs()).hasValue(1500.5);
        assertThat(p.latencySla().avgUs()).as("avg from local.yaml").hasValue(1000);
        assertThat(p.testType().displayName()).isEqualTo("Idle-Idle");
        assertThat(p.hostSetup().names()).containsExactly("host-setup0.sh", "host-setup1.sh");
        assertThat(p.guestName()).isEqualTo("guest");
    }

    @Test
    void stressOnHostUsesThePodsStressCpusNeverTheVcpus() throws Exception {
        TestPlan p = plan("cpuMemory");
        assertThat(p.testType().displayName()).isEqualTo("CPU_stress-Memory_stress");
        assertThat(p.stresses()).anySatisfy(s -> {
            assertThat(s.target()).isEqualTo(StressTarget.HOST);
            assertThat(s.cpus()).isEqualTo("0");
        });
        assertThat(p.stresses()).anySatisfy(s -> {
            assertThat(s.target()).isEqualTo(StressTarget.GUEST);
            assertThat(s.cpus()).isNull();
        });
        assertThat(p.stresses().get(0).safetyTimeout()).isGreaterThan(p.cyclictest().orElseThrow().plannedDuration());
    }

    @Test
    void misuseNamesTheAnnotationAndAttribute() {
        assertThatThrownBy(() -> plan("negative")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@Cyclictest(maxUs = -5.0) must be >= 0");
        assertThatThrownBy(() -> plan("noThreads")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@Cyclictest(threads = 0) must be >= 1");
        assertThatThrownBy(() -> plan("twoHostLoads")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@Stress(value = IO, on = HOST): at most one load per target");
        assertThatThrownBy(() -> plan("unknownStep")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@GuestSetup(value)").hasMessageContaining("'no-such.sh' is unknown");
        assertThatThrownBy(() -> plan("traversal")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@HostSetup(value)").hasMessageContaining("not a plain script name");
        assertThatThrownBy(() -> plan("unknownGuest")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@Cyclictest(guest = \"nope\")");
        assertThatThrownBy(() -> plan("both")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("loops or durationSeconds, not both");
    }

    @Test
    void cyclictestWithoutAGuestIsAConfigurationError() throws Exception {
        Method m = Examples.class.getDeclaredMethod("podDefaults");
        PodConfig local = pod("local");
        PodConfig noGuest = new PodConfig(local.name(), local.source(), local.kind(), local.description(),
                local.hostKeys(), local.scripts(), local.hosts(), local.sla(), local.timeouts(), local.appliedOverrides());
        assertThatThrownBy(() -> TestPlan.of(m, Examples.class, noGuest, OptionalLong.empty()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@Cyclictest needs a guest but pod local");
    }

    @Test
    void loopsDefaultComesFromTheRunParameterThenKvm4nfv() throws Exception {
        Method m = Examples.class.getDeclaredMethod("podDefaults");
        assertThat(TestPlan.of(m, Examples.class, pod("local"), OptionalLong.of(5000)).cyclictest().orElseThrow().loops())
                .isEqualTo(5000);
        assertThat(TestPlan.of(m, Examples.class, pod("local"), OptionalLong.empty()).cyclictest().orElseThrow().loops())
                .isEqualTo(TestPlan.DEFAULT_LOOPS);
        Method plain = NoSetup.class.getDeclaredMethod("run");
        assertThat(TestPlan.of(plain, NoSetup.class, pod("intel-pod10"), OptionalLong.empty()).latencySla().maxUs())
                .as("a tuned pod's SLA").hasValue(15);
        assertThat(TestPlan.of(plain, NoSetup.class, pod("local"), OptionalLong.empty()).latencySla().maxUs())
                .as("the embedded lab's SLA").hasValue(50000);
    }

    @Test
    void intelPod10AcceptsTheKvm4nfvSetupSequencesAndGivesEachRoleItsOwnCpus() throws Exception {
        Method m = Pod10.class.getDeclaredMethod("idleIdle");
        TestPlan p = TestPlan.of(m, Pod10.class, pod("intel-pod10"), OptionalLong.empty());

        assertThat(p.hostSetup().names()).containsExactly("host-setup0.sh", "reboot", "host-setup1.sh", "host-run-qemu.sh");
        assertThat(p.guestSetup().names()).containsExactly("guest-setup0.sh", "reboot", "guest-setup1.sh");
        assertThat(p.hostSetup().scriptDir()).endsWith(java.nio.file.Path.of("intel-pod10", "host"));
        assertThat(p.guestName()).isEqualTo("guest1");

        java.util.Properties props = new java.util.Properties();
        props.setProperty("kvm4nfv.setup.env.KVM4NFV_GUEST_IMAGE", "/root/guest.qcow2");
        Map<String, String> host = SetupRunners.runner(p, "host", null, props,
                Map.of("KVM4NFV_SETUP_ENV_KVM4NFV_HUGEPAGES_1G", "8", "KVM4NFV_SETUP_ENV_KVM4NFV_ROLE", "guest")).environment();
        assertThat(host).containsEntry("KVM4NFV_ISOLATED_CPUS", "11-15,31-35").containsEntry("KVM4NFV_VCPU_CPUS", "11-12")
                .containsEntry("KVM4NFV_STRESS_CPUS", "2-10").containsEntry("KVM4NFV_GUEST_IMAGE", "/root/guest.qcow2")
                .containsEntry("KVM4NFV_HUGEPAGES_1G", "8").containsEntry("KVM4NFV_ROLE", "host");
        Map<String, String> guest = SetupRunners.runner(p, "guest", null, new java.util.Properties(), Map.of()).environment();
        assertThat(guest).as("guest1 has no isolated set: its measured (vcpu) CPUs are isolated")
                .containsEntry("KVM4NFV_ISOLATED_CPUS", "1").containsEntry("KVM4NFV_VCPU_CPUS", "1")
                .containsEntry("KVM4NFV_STRESS_CPUS", "0").containsEntry("KVM4NFV_ROLE", "guest");

        java.util.Properties bad = new java.util.Properties();
        bad.setProperty("kvm4nfv.setup.env.PATH", "/tmp");
        assertThatThrownBy(() -> SetupRunners.runner(p, "host", null, bad, Map.of()))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("kvm4nfv.setup.env.PATH");
    }
}
