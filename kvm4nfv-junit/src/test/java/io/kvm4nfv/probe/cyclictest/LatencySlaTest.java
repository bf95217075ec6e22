package io.kvm4nfv.probe.cyclictest;

import io.kvm4nfv.junit.Kvm4nfvAssertions;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ThreadLatency;
import io.kvm4nfv.result.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencySlaTest {

    private static final List<String> CMD = List.of("cyclictest", "-q");

    private static CyclictestResult twoThreads() {
        return Fixture.parsed("hist-2threads.txt").result("Idle-Idle", CMD, 0);
    }

    private static LatencySla max(double us) {
        return new LatencySla(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(us),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    @Test
    void boundAtTheMeasuredMaximumPasses() {
        CyclictestResult r = twoThreads();
        long worst = r.threads().stream().mapToLong(ThreadLatency::maxUs).max().orElseThrow();
        assertThat(max(worst).violations(r)).isEmpty();
    }

    @Test
    void everyThreadAboveTheBoundIsReportedWithMeasuredAndLimit() {
        CyclictestResult r = twoThreads();
        long lowest = r.threads().stream().mapToLong(ThreadLatency::maxUs).min().orElseThrow();
        List<Violation> v = max(lowest - 1).violations(r);
        assertThat(v).hasSize(2);
        assertThat(v).extracting(Violation::subject).containsExactly("thread 0", "thread 1");
        assertThat(v.get(0).describe()).isEqualTo("thread 0: maxUs " + r.thread(0).maxUs() + " us > limit "
                + (lowest - 1) + " us");
    }

    @Test
    void fractionalBoundsAreNotTruncated() {
        CyclictestResult r = twoThreads();
        double avg = r.thread(0).avgUs();
        LatencySla justBelow = new LatencySla(OptionalDouble.empty(), OptionalDouble.of(avg - 0.5),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        assertThat(justBelow.violations(r)).extracting(Violation::bound).contains("avgUs");
        assertThat(justBelow.violations(r).get(0).describe()).contains("limit " + (long) (avg - 0.5) + ".5 us");
    }

    @Test
    void percentileAboveTheHistogramRangeIsAViolationThatSaysWhy() {
        CyclictestResult r = Fixture.parsed("hist-overflow.txt").result("CPU_stress-Idle", CMD, 0);
        LatencySla p99 = new LatencySla(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(10), OptionalDouble.empty(), OptionalDouble.empty());
        List<Violation> v = p99.violations(r);
        assertThat(v).isNotEmpty();
        assertThat(v.get(0).describe()).contains("p99Us not measured").contains("above the histogram range of 60 us");
        LatencySla wide = new LatencySla(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(500), OptionalDouble.empty(), OptionalDouble.empty());
        assertThat(wide.violations(r).get(0).note()).contains("cannot be verified");
    }

    @Test
    void unsetBoundsComeFromTheDefaults() {
        LatencySla annotation = max(20);
        LatencySla pod = new LatencySla(OptionalDouble.empty(), OptionalDouble.of(5), OptionalDouble.of(1000),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        LatencySla merged = annotation.orElse(pod);
        assertThat(merged.maxUs()).hasValue(20);
        assertThat(merged.avgUs()).hasValue(5);
        assertThat(LatencySla.NONE.isEmpty()).isTrue();
        assertThatThrownBy(() -> max(-1)).hasMessageContaining("maxUs must be >= 0");
    }

    @Test
    void assertjEntryPointListsEveryViolatedBound() {
        CyclictestResult r = twoThreads();
        assertThatThrownBy(() -> Kvm4nfvAssertions.assertThat(r).hasMaxLatencyBelowUs(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("violates 2 latency bound(s)")
                .hasMessageContaining("thread 0: maxUs")
                .hasMessageContaining("thread 1: maxUs");
        Kvm4nfvAssertions.assertThat(r).hasThreads(2).hasAtLeastSamples(1).hasMaxLatencyBelowUs(1_000_000);
        assertThatThrownBy(() -> Kvm4nfvAssertions.assertThat(r).hasNoHistogramOverflows())
                .hasMessageContaining("thread 0");
    }
}
