package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.node.Shell;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CyclictestOptionsTest {

    @Test
    void defaultsAreKvm4nfvs() {
        CyclictestOptions o = CyclictestOptions.defaults();
        assertThat(o.commandLine()).containsExactly("cyclictest", "-m", "-p", "99", "--policy=fifo", "-i", "1000",
                "-l", "600000", "-t", "1", "-h", "1000", "-q");
        assertThat(o.plannedDuration()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void everyOptionOnTheCommandLine() {
        CyclictestOptions o = CyclictestOptions.defaults().withExecutable("/usr/bin/cyclictest")
                .withDurationSeconds(30).withThreads(2).withAffinity("0,2-3").withHistogramUs(200)
                .withPolicy(SchedPolicy.RR, 80).withBreaktraceUs(500, true).withDistanceUs(0)
                .withJsonFile("/tmp/out dir/c.json").withIntervalUs(250);
        assertThat(o.commandLine()).containsExactly("/usr/bin/cyclictest", "-m", "-p", "80", "--policy=rr",
                "-i", "250", "-D", "30s", "-t", "2", "-a", "0,2-3", "-d", "0", "-h", "200", "-b", "500",
                "--tracemark", "--json=/tmp/out dir/c.json", "-q");
        assertThat(Shell.command(o.commandLine())).endsWith("--tracemark '--json=/tmp/out dir/c.json' -q");
        assertThat(o.plannedDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void neverTheRemovedOptions() {
        CyclictestOptions o = CyclictestOptions.defaults().withBreaktraceUs(100, false).withQuiet(false)
                .withVerbose(true).withMlock(false).withPolicy(SchedPolicy.OTHER, 0).withHistogramUs(0);
        assertThat(o.commandLine()).doesNotContain("-n", "--notrace", "-m", "-q", "-h")
                .contains("-v", "--policy=other", "-b");
        assertThat(o.commandLine()).containsSequence("-p", "0");
    }

    @Test
    void plannedDurationIsLoopsTimesInterval() {
        assertThat(CyclictestOptions.defaults().withLoops(2000).withIntervalUs(250).plannedDuration())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void validationNamesTheField() {
        CyclictestOptions d = CyclictestOptions.defaults();
        assertThatThrownBy(() -> d.withIntervalUs(0)).hasMessageContaining("intervalUs");
        assertThatThrownBy(() -> d.withPriority(100)).hasMessageContaining("priority must be 1..99 for policy fifo");
        assertThatThrownBy(() -> d.withPriority(0)).hasMessageContaining("priority");
        assertThatThrownBy(() -> d.withPolicy(SchedPolicy.OTHER, 10)).hasMessageContaining("priority must be 0");
        assertThatThrownBy(() -> d.withLoops(0)).hasMessageContaining("loops and durationSeconds");
        assertThatThrownBy(() -> d.withLoops(-1)).hasMessageContaining("loops must be >= 0");
        assertThatThrownBy(() -> d.withDurationSeconds(-5)).hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> d.withThreads(0)).hasMessageContaining("threads");
        assertThatThrownBy(() -> d.withAffinity("0;rm -rf /")).hasMessageContaining("affinity");
        assertThatThrownBy(() -> d.withAffinity("")).hasMessageContaining("affinity");
        assertThatThrownBy(() -> d.withHistogramUs(-1)).hasMessageContaining("histogramUs");
        assertThatThrownBy(() -> d.withHistogramUs(1_000_001)).hasMessageContaining("histogramUs");
        assertThatThrownBy(() -> d.withBreaktraceUs(-1, false)).hasMessageContaining("breaktraceUs");
        assertThatThrownBy(() -> d.withBreaktraceUs(0, true)).hasMessageContaining("tracemark");
        assertThatThrownBy(() -> d.withDistanceUs(-2)).hasMessageContaining("distanceUs");
        assertThatThrownBy(() -> d.withJsonFile(" ")).hasMessageContaining("jsonFile");
        assertThatThrownBy(() -> d.withExecutable("")).hasMessageContaining("executable");
        assertThatThrownBy(() -> d.withPolicy(null, 1)).hasMessageContaining("policy");
        assertThat(d.withAffinity("3").affinity()).isEqualTo("3");
    }
}
