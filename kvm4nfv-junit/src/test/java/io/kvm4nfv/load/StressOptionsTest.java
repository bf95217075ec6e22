package io.kvm4nfv.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StressOptionsTest {

    @Test
    void cpuLoadIsPinnedAndBounded() {
        StressOptions o = new StressOptions(StressType.CPU, StressTarget.HOST, "0,2-3", 3, 64, Duration.ofSeconds(90));
        assertThat(o.argv()).containsExactly("stress-ng", "--cpu", "3", "--cpu-method", "matrixprod",
                "--taskset", "0,2-3", "--timeout", "90s", "--temp-path", "/tmp", "--verbose");
    }

    @Test
    void memoryAndIoLoads() {
        assertThat(new StressOptions(StressType.MEMORY, StressTarget.GUEST, null, 1, 48, Duration.ofSeconds(5)).argv())
                .containsSequence("--vm", "1", "--vm-bytes", "48M", "--vm-keep").doesNotContain("--taskset");
        assertThat(new StressOptions(StressType.IO, StressTarget.HOST, "1", 2, 1, Duration.ofSeconds(5)).argv())
                .containsSequence("--io", "2", "--hdd", "1");
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> new StressOptions(StressType.CPU, StressTarget.HOST, "0;reboot", 1, 1,
                Duration.ofSeconds(5))).hasMessageContaining("cpus is not a Linux cpu list");
        assertThatThrownBy(() -> new StressOptions(StressType.CPU, StressTarget.HOST, null, 0, 1,
                Duration.ofSeconds(5))).hasMessageContaining("workers must be >= 1");
        assertThatThrownBy(() -> new StressOptions(StressType.IDLE, StressTarget.HOST, null, 1, 1,
                Duration.ofSeconds(5)).argv()).hasMessageContaining("IDLE is no load");
    }

    @Test
    void testTypeNamesFollowKvm4nfv() {
        assertThat(TestType.IDLE_IDLE.displayName()).isEqualTo("Idle-Idle");
        assertThat(new TestType(StressType.CPU, StressType.IDLE).displayName()).isEqualTo("CPU_stress-Idle");
        assertThat(new TestType(StressType.CPU, StressType.IDLE).slug()).isEqualTo("cpustress_idle");
        assertThat(new TestType(StressType.MEMORY, StressType.MEMORY).slug()).isEqualTo("memorystress_memorystress");
        assertThat(new TestType(StressType.IO, StressType.IDLE).displayName()).isEqualTo("IO_stress-Idle");
    }
}
