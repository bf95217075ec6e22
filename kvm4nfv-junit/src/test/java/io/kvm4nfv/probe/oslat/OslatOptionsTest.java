package io.kvm4nfv.probe.oslat;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OslatOptionsTest {

    private static final OslatOptions D = OslatOptions.defaults();

    @Test
    void defaultsAreAMinuteOnEveryCpuQuiet() {
        assertThat(D.commandLine()).containsExactly("oslat", "-D", "60", "-q");
        assertThat(D.plannedDuration()).isEqualTo(Duration.ofSeconds(61));
        assertThat(D.effectiveBucketSize()).isEqualTo(32);
    }

    @Test
    void everyOptionHasItsFlag() {
        OslatOptions o = D.withExecutable("/usr/bin/oslat").withCpuList("1-3,5").withMainThreadCpu(0)
                .withDurationSeconds(5).withBucketSize(64).withBias(true).withWorkload(OslatWorkload.MEMMOVE, 4096)
                .withRtPriority(1).withTraceThresholdUs(50).withJsonFile("/tmp/oslat run.json").withQuiet(false);
        assertThat(o.commandLine()).containsExactly("/usr/bin/oslat", "-c", "1-3,5", "-C", "0", "-D", "5", "-b", "64",
                "-B", "-w", "memmove", "-m", "4K", "-f", "1", "-T", "50", "--json=/tmp/oslat run.json");
        assertThat(o.plannedDuration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(o.effectiveBucketSize()).isEqualTo(64);
        assertThat(D.withWorkload(OslatWorkload.MEMMOVE, 0).commandLine()).containsExactly("oslat", "-D", "60", "-w",
                "memmove", "-q");
    }

    @Test
    void memoryIsWrittenInTheLargestExactUnit() {
        assertThat(OslatOptions.memory(1L << 30)).isEqualTo("1G");
        assertThat(OslatOptions.memory(3L << 20)).isEqualTo("3M");
        assertThat(OslatOptions.memory(1536L << 10)).isEqualTo("1536K");
        assertThat(OslatOptions.memory(100)).isEqualTo("100B");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> D.withExecutable(" ")).hasMessageContaining("executable");
        assertThatThrownBy(() -> D.withCpuList("0;reboot")).hasMessageContaining("cpuList must be a CPU list");
        assertThatThrownBy(() -> D.withMainThreadCpu(-2)).hasMessageContaining("mainThreadCpu");
        assertThatThrownBy(() -> D.withDurationSeconds(0)).hasMessageContaining("durationSeconds must be 1..");
        assertThatThrownBy(() -> D.withBucketSize(4)).hasMessageContaining("bucketSize must be 5..1024");
        assertThatThrownBy(() -> D.withBucketSize(1025)).hasMessageContaining("bucketSize");
        assertThatThrownBy(() -> D.withWorkload(null, 0)).hasMessageContaining("workload");
        assertThatThrownBy(() -> D.withWorkload(OslatWorkload.NONE, 4096))
                .hasMessageContaining("workloadMemBytes needs workload MEMMOVE");
        assertThatThrownBy(() -> D.withWorkload(OslatWorkload.MEMMOVE, (1L << 30) + 1))
                .hasMessageContaining("workloadMemBytes must be 1..");
        assertThatThrownBy(() -> D.withRtPriority(100)).hasMessageContaining("rtPriority must be 1..99");
        assertThatThrownBy(() -> D.withTraceThresholdUs(-1)).hasMessageContaining("traceThresholdUs");
        assertThatThrownBy(() -> D.withJsonFile("a\nb")).hasMessageContaining("jsonFile");
        assertThat(D.withBucketSize(0).commandLine()).doesNotContain("-b");
        assertThat(D.withRtPriority(0).withTraceThresholdUs(0).commandLine()).doesNotContain("-f", "-T");
    }
}
