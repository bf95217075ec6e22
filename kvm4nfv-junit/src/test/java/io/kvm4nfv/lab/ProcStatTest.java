package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void startTimeIsStableForARunningProcessAndEmptyOnceItIsGone() throws Exception {
        long before = ProcStat.ticksNow();
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            long start = ProcStat.startTime(sleep.pid()).orElseThrow();
            assertThat(start).isBetween(before - 1, ProcStat.ticksNow() + 1);
            assertThat(ProcStat.startTime(sleep.pid())).hasValue(start);
            assertThat(ProcStat.isAlive(sleep.pid(), start)).isTrue();
            assertThat(ProcStat.isAlive(sleep.pid(), start + 1)).isFalse();
        } finally {
            sleep.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(ProcStat.startTime(sleep.pid())).isEmpty();
    }

    @Test
    void startTimeOfThisJvmIsBeforeNowAndOfANonExistentPidIsEmpty() {
        assertThat(ProcStat.startTime(ProcessHandle.current().pid()).orElseThrow()).isLessThanOrEqualTo(ProcStat.ticksNow());
        assertThat(ProcStat.startTime(Integer.MAX_VALUE)).isEmpty();
    }
}
