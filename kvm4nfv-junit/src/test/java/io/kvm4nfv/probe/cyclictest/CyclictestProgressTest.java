package io.kvm4nfv.probe.cyclictest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CyclictestProgressTest {

    @Test
    void reportsAtMostEveryPeriodWithElapsedPlannedAndMax() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        CyclictestOutputParser parser = new CyclictestOutputParser();
        List<String> out = new ArrayList<>();
        CyclictestProgress progress = new CyclictestProgress("Idle-Idle", Duration.ofSeconds(600),
                Duration.ofSeconds(10), parser::currentMaxUs, out::add, now::get);

        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(progress.tick()).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(progress.tick()).isTrue();
        assertThat(out).containsExactly("cyclictest Idle-Idle: 10 s / 600 s (1%), max not known yet");

        parser.accept("T: 0 ( 1850) P:99 I:1000 C:  10000 Min:  3 Act:  5 Avg:  4 Max:  57");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(progress.tick()).isFalse();
        now.addAndGet(Duration.ofSeconds(110).toNanos());
        assertThat(progress.tick()).isTrue();
        assertThat(out.get(1)).isEqualTo("cyclictest Idle-Idle: 125 s / 600 s (20%), max so far 57 us");
        assertThat(progress.line()).isEqualTo(out.get(1));
    }

    @Test
    void backgroundTickerReportsWhileCyclictestIsQuiet() {
        List<String> out = new CopyOnWriteArrayList<>();
        CyclictestProgress progress = new CyclictestProgress("q", Duration.ofSeconds(1), Duration.ofMillis(50),
                OptionalLong::empty, out::add, System::nanoTime);
        try (progress) {
            progress.start();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> out.size() >= 2);
        }
        assertThat(out.get(0)).startsWith("cyclictest q: 0 s / 1 s (0%)");
    }
}
