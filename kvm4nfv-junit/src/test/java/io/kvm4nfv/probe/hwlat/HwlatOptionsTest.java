package io.kvm4nfv.probe.hwlat;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HwlatOptionsTest {

    @Test
    void defaultsAreHwlatdetectsAndKeepTheSummary() {
        HwlatOptions o = HwlatOptions.defaults(30);
        assertThat(o.commandLine()).containsExactly("hwlatdetect", "--duration=30s", "--threshold=10us",
                "--window=1000000us", "--width=500000us");
        assertThat(o.commandLine()).doesNotContain("--quiet", "--watch");
        assertThat(o.plannedDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void hardlimitAndCpuListAreAddedWhenSet() {
        HwlatOptions o = HwlatOptions.defaults(5).withHardlimitUs(50L).withCpuList("0,2-3").withThresholdUs(7)
                .withWindowUs(200_000, 100_000).withExecutable("/usr/sbin/hwlatdetect");
        assertThat(o.commandLine()).containsExactly("/usr/sbin/hwlatdetect", "--duration=5s", "--threshold=7us",
                "--window=200000us", "--width=100000us", "--hardlimit=50us", "--cpu-list=0,2-3");
    }

    @Test
    void invalidValuesAreRefusedNamingTheField() {
        HwlatOptions o = HwlatOptions.defaults(5);
        assertThatThrownBy(() -> o.withDurationSeconds(0)).hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> o.withThresholdUs(0)).hasMessageContaining("thresholdUs");
        assertThatThrownBy(() -> o.withWindowUs(1000, 1000)).hasMessageContaining("widthUs must be < windowUs");
        assertThatThrownBy(() -> o.withWindowUs(1000, 0)).hasMessageContaining("widthUs");
        assertThatThrownBy(() -> o.withHardlimitUs(0L)).hasMessageContaining("hardlimitUs");
        assertThatThrownBy(() -> o.withCpuList("0;rm -rf /")).hasMessageContaining("cpuList");
        assertThatThrownBy(() -> o.withCpuList("3-1")).hasMessageContaining("cpuList range 3-1 is reversed");
        assertThatThrownBy(() -> o.withExecutable(" ")).hasMessageContaining("executable");
    }
}
