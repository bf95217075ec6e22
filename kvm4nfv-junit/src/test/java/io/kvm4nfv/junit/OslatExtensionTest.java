package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.probe.oslat.OslatOptions;
import io.kvm4nfv.probe.oslat.OslatSla;
import io.kvm4nfv.probe.oslat.OslatWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.reflect.Method;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Oslat} → oslat's options and SLA, every misuse naming the attribute. */
class OslatExtensionTest {

    static class Examples {
        @Oslat
        void plain() {
        }

        @Oslat(on = StressTarget.HOST, cpus = "1", durationSeconds = 30, buckets = 64, workload = OslatWorkload.MEMMOVE,
                workloadMemBytes = 4096, rtPriority = 1, traceThresholdUs = 100, maxUs = 20, p999Us = 8.5)
        void everything() {
        }

        @Oslat(buckets = 4)
        void tooFewBuckets() {
        }

        @Oslat(workloadMemBytes = 4096)
        void memoryWithoutWorkload() {
        }

        @Oslat(maxUs = -3)
        void negativeBound() {
        }

        @Oslat(durationSeconds = 0)
        void noDuration() {
        }
    }

    private static Oslat annotation(String method) throws NoSuchMethodException {
        return Examples.class.getDeclaredMethod(method).getAnnotation(Oslat.class);
    }

    private static final PodConfig LOCAL = TestPlanTest.pod("local");

    @Test
    void defaultsRunTenSecondsInTheGuestOnEveryCpu() throws Exception {
        OslatOptions o = OslatExtension.options(annotation("plain"), LOCAL, "guest");
        assertThat(o.durationSeconds()).isEqualTo(10);
        assertThat(o.cpuList()).as("the local guest names no CPUs: every CPU").isNull();
        assertThat(o.commandLine()).containsExactly("oslat", "-D", "10", "-q");
        assertThat(OslatExtension.sla(annotation("plain"))).isEqualTo(OslatSla.NONE);
    }

    @Test
    void everyAttributeReachesTheCommandLineAndTheSla() throws Exception {
        OslatOptions o = OslatExtension.options(annotation("everything"), LOCAL, "guest");
        assertThat(o.commandLine()).contains("-c", "1").contains("-D", "30").contains("-b", "64")
                .contains("-w", "memmove").contains("-f", "1").contains("-T", "100");
        OslatSla sla = OslatExtension.sla(annotation("everything"));
        assertThat(sla.describe()).isEqualTo("maxUs <= 20, p999Us <= 8.5");
        assertThat(sla.orElse(OslatSla.of(LOCAL.sla().oslat())).describe())
                .as("unset bounds from the pod's sla.oslat").isEqualTo("maxUs <= 20, avgUs <= 50, p999Us <= 8.5");
    }

    @Test
    void misuseNamesTheAttribute() {
        assertThatThrownBy(() -> OslatExtension.options(annotation("tooFewBuckets"), LOCAL, "guest"))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@Oslat(buckets): ");
        assertThatThrownBy(() -> OslatExtension.options(annotation("memoryWithoutWorkload"), LOCAL, "guest"))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@Oslat(workloadMemBytes): ");
        assertThatThrownBy(() -> OslatExtension.options(annotation("noDuration"), LOCAL, "guest"))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@Oslat(durationSeconds): ");
        assertThatThrownBy(() -> OslatExtension.sla(annotation("negativeBound")))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("@Oslat(maxUs = -3.0)");
    }

    @Test
    void anOslatInTheGuestMakesThePlanProvisionAGuest() throws Exception {
        Method m = Examples.class.getDeclaredMethod("plain");
        TestPlan plan = TestPlan.of(m, Examples.class, LOCAL, OptionalLong.empty());
        assertThat(plan.guestName()).isEqualTo("guest");
        Method host = Examples.class.getDeclaredMethod("everything");
        assertThat(TestPlan.of(host, Examples.class, LOCAL, OptionalLong.empty()).guestName())
                .as("on the host no guest is needed").isNull();
    }
}
