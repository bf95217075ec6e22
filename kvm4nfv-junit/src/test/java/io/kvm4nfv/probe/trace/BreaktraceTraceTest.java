package io.kvm4nfv.probe.trace;

import io.kvm4nfv.result.Breaktrace;
import io.kvm4nfv.result.CyclictestResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreaktraceTraceTest {

    static String sample() throws IOException {
        try (InputStream in = BreaktraceTraceTest.class.getResourceAsStream("/trace/breaktrace-sched.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void findsTheBreakMarkerOfTheHitAndItsLeadUp() throws IOException {
        TraceRegion region = BreaktraceTrace.around(sample(), new Breaktrace(1863, 1, 98), 11, 1).orElseThrow();

        assertThat(region.markLine()).contains("hit latency threshold (98 > 90)");
        assertThat(region.task()).isEqualTo("cyclictest");
        assertThat(region.pid()).isEqualTo(1863);
        assertThat(region.cpu()).isEqualTo(1);
        assertThat(region.latencyUs()).isEqualTo(98);
        assertThat(region.thresholdUs()).isEqualTo(90);
        assertThat(region.lines()).hasSize(13);
        assertThat(region.markIndex()).isEqualTo(11);
        assertThat(region.lines().get(0)).contains("local_timer_entry");
        assertThat(region.lines().get(12)).contains("next_comm=stress-ng-cpu");
        assertThat(region.sameCpuLines()).hasSize(11).allSatisfy(l -> assertThat(l).contains("[001]"));
        assertThat(region.text()).endsWith("next_prio=120\n");
    }

    @Test
    void taskNamesWithDashesAndDigitsParse() throws IOException {
        String trace = "      stress-ng-cpu-1871 [001] .....  5021.1: tracing_mark_write: hit latency threshold (120 > 90)\n";
        TraceRegion region = BreaktraceTrace.around(trace, new Breaktrace(1, 0, 5), 5, 5).orElseThrow();
        assertThat(region.task()).isEqualTo("stress-ng-cpu");
        assertThat(region.pid()).isEqualTo(1871);
        assertThat(region.latencyUs()).isEqualTo(120);
    }

    @Test
    void prefersValueThenTidThenAnyThresholdThenAnyMark() throws IOException {
        String trace = sample();
        assertThat(BreaktraceTrace.around(trace, new Breaktrace(999, -1, 98), 0, 0).orElseThrow().pid())
                .as("by value").isEqualTo(1863);
        assertThat(BreaktraceTrace.around(trace, new Breaktrace(902, -1, 7), 0, 0).orElseThrow().markLine())
                .as("by tid when no marker names the value").contains("measurement start");
        assertThat(BreaktraceTrace.around(trace, new Breaktrace(5, -1, 7), 0, 0).orElseThrow().markLine())
                .as("any threshold marker").contains("hit latency threshold");
        String onlyPlainMark = trace.lines().filter(l -> !l.contains("hit latency")).reduce("", (a, b) -> a + b + "\n");
        assertThat(BreaktraceTrace.around(onlyPlainMark, new Breaktrace(5, -1, 7), 0, 0).orElseThrow().markLine())
                .contains("measurement start");
    }

    @Test
    void noMarkerNoRegion() {
        assertThat(BreaktraceTrace.around("# tracer: nop\n  <idle>-0 [000] d.h1. 1.0: irq_handler_entry: irq=1\n",
                new Breaktrace(1, 0, 1), 10, 10)).isEmpty();
        assertThatThrownBy(() -> BreaktraceTrace.around("", null, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromResultAndCapture() throws IOException {
        TraceCapture capture = new TraceCapture("guest", true, null, "/sys/kernel/tracing", "nop",
                List.of("sched"), List.of(), sample(), sample().length(), false, 14L);
        CyclictestResult hit = CyclictestResult.of("Idle-Idle", List.of("cyclictest"), List.of(),
                new Breaktrace(1863, 1, 98));
        CyclictestResult noHit = CyclictestResult.of("Idle-Idle", List.of("cyclictest"), List.of(), null);

        Optional<TraceRegion> region = BreaktraceTrace.around(hit, capture);
        assertThat(region).isPresent();
        assertThat(region.get().lines()).as("the whole sample is within the default 300 lines").hasSize(28);
        assertThat(region.get().lines().get(0)).isEqualTo("# tracer: nop");
        assertThat(region.get().markIndex()).isEqualTo(25);
        assertThat(BreaktraceTrace.around(noHit, capture)).isEmpty();
        assertThat(BreaktraceTrace.around(hit, TraceCapture.unavailable("guest", "no tracefs"))).isEmpty();
    }
}
