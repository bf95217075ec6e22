package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.probe.hwlat.HwlatOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HardwareLatency} → hwlatdetect's options, SLA and host, every misuse naming the attribute. */
class HardwareLatencyExtensionTest {

    static class Examples {
        @HardwareLatency
        void plain() {
        }

        @HardwareLatency(durationSeconds = 60, thresholdUs = 5, windowUs = 100_000, widthUs = 50_000, cpus = "2-3",
                maxUs = 20, maxSamplesOverThreshold = 0, required = false)
        void everything() {
        }

        @HardwareLatency(windowUs = 1000, widthUs = 2000)
        void widthAboveWindow() {
        }

        @HardwareLatency(node = "guest")
        void aGuestIsNoHost() {
        }
    }

    private static HardwareLatency annotation(String method) throws NoSuchMethodException {
        return Examples.class.getDeclaredMethod(method).getAnnotation(HardwareLatency.class);
    }

    private static final PodConfig LOCAL = TestPlanTest.pod("local");

    @Test
    void defaultsMeasureTheGuestsHostForTenSecondsAndRequireIt() throws Exception {
        HwlatOptions o = HardwareLatencyExtension.options(annotation("plain"));
        assertThat(o.commandLine()).contains("--duration=10s", "--threshold=10us").doesNotContain("--quiet");
        assertThat(HardwareLatencyExtension.host(annotation("plain"), LOCAL)).isEqualTo("host");
        assertThat(HardwareLatencyExtension.sla(annotation("plain")).required()).isTrue();
    }

    @Test
    void everyAttributeReachesTheCommandLineAndTheSla() throws Exception {
        HwlatOptions o = HardwareLatencyExtension.options(annotation("everything"));
        assertThat(o.commandLine()).contains("--duration=60s", "--threshold=5us", "--window=100000us", "--width=50000us",
                "--cpu-list=2-3");
        var sla = HardwareLatencyExtension.sla(annotation("everything"));
        assertThat(sla.required()).isFalse();
        assertThat(sla.maxUs()).hasValue(20);
        assertThat(sla.maxSamplesOverThreshold()).hasValue(0);
    }

    @Test
    void misuseNamesTheAttribute() {
        assertThatThrownBy(() -> HardwareLatencyExtension.options(annotation("widthAboveWindow")))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageStartingWith("@HardwareLatency(widthUs): ");
        assertThatThrownBy(() -> HardwareLatencyExtension.host(annotation("aGuestIsNoHost"), LOCAL))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@HardwareLatency(node = \"guest\"): pod local has no such host");
    }
}
