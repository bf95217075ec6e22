package io.kvm4nfv.probe.oslat;

import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;
import io.kvm4nfv.result.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OslatSlaTest {

    private static OslatResult twoCpus() {
        return OslatFixture.parsed("two-cpus.txt").result("Idle-Idle", List.of("oslat"));
    }

    /** One CPU with 100 samples: 40 of 1 us, 5 of 2 us, 55 in the last bucket (at least 5 us). */
    private static OslatResult mostlyInTheLastBucket() {
        TreeMap<Integer, Long> b = new TreeMap<>();
        b.put(1, 40L);
        b.put(2, 5L);
        return OslatResult.of("Idle-Idle", List.of(), "2.40", 0,
                List.of(OslatCpuLatency.of(0, 3, 2096, 1, 912.25, 90000, 1, new LatencyHistogram(5, b, 55))));
    }

    @Test
    void boundAtTheMeasuredMaximumPassesAndBelowItEveryCpuIsReported() {
        OslatResult r = twoCpus();
        assertThat(OslatSla.maxUs(377409).violations(r)).isEmpty();
        List<Violation> v = OslatSla.maxUs(74102).violations(r);
        assertThat(v).extracting(Violation::subject).containsExactly("CPU 0", "CPU 1");
        assertThat(v.get(0).describe()).isEqualTo("CPU 0: maxUs 74103 us > limit 74102 us");
    }

    @Test
    void everyBoundIsJudgedOnEveryCpuInTheOrderDescribed() {
        OslatSla all = new OslatSla(OptionalDouble.of(10), OptionalDouble.of(1.05), OptionalDouble.of(0.5),
                OptionalDouble.of(1), OptionalDouble.of(9.5));
        assertThat(all.describe()).isEqualTo("maxUs <= 10, avgUs <= 1.05, p99Us <= 0.5, p999Us <= 1, p9999Us <= 9.5");
        List<Violation> v = all.violations(twoCpus());
        // both CPUs: p99 1, p99.9 1, p99.99 10; CPU 0: max 74103, avg 1.048; CPU 1: max 377409, avg 1.055
        assertThat(v).extracting(x -> x.subject() + " " + x.bound()).containsExactly("CPU 0 maxUs", "CPU 0 p99Us",
                "CPU 0 p9999Us", "CPU 1 maxUs", "CPU 1 avgUs", "CPU 1 p99Us", "CPU 1 p9999Us");
    }

    @Test
    void aPercentileInTheLastBucketIsAViolationOnlyProvenAboveTheLimit() {
        Violation proven = OslatSla.NONE.with("p99Us", 4).violations(mostlyInTheLastBucket()).get(0);
        assertThat(proven.describe()).isEqualTo("CPU 3: p99Us not measured > limit 4 us (in oslat's last bucket: at"
                + " least 5 us)");
        Violation unverifiable = OslatSla.NONE.with("p99Us", 5).violations(mostlyInTheLastBucket()).get(0);
        assertThat(unverifiable.note()).contains("cannot be verified").contains("-b");
        OslatCpuLatency noPercentiles = new OslatCpuLatency(0, 3, 2096, 100, 1, 912.25, 90000, 1,
                mostlyInTheLastBucket().cpu(0).histogram(), List.of());
        assertThat(OslatSla.NONE.with("p99Us", 5).violations(OslatResult.of("Idle-Idle", List.of(), null, 0,
                List.of(noPercentiles)))).singleElement().satisfies(v -> assertThat(v.note()).isEqualTo(
                "no percentile in the result"));
    }

    @Test
    void aRunOrACpuThatMeasuredNothingIsAViolation() {
        OslatResult none = OslatResult.of("Idle-Idle", List.of(), null, 0, List.of());
        assertThat(OslatSla.NONE.violations(none)).singleElement()
                .satisfies(v -> assertThat(v.describe()).contains("all CPUs").contains("oslat measured nothing"));
        OslatCpuLatency empty = OslatCpuLatency.of(1, 5, 2096, 0, 0, 0, 0, new LatencyHistogram(32, new TreeMap<>(), 0));
        OslatResult oneEmpty = OslatResult.of("Idle-Idle", List.of(), null, 0,
                List.of(mostlyInTheLastBucket().cpu(0), empty));
        assertThat(OslatSla.NONE.violations(oneEmpty)).singleElement()
                .satisfies(v -> assertThat(v.describe()).contains("CPU 5").contains("this CPU measured nothing"));
    }

    @Test
    void unsetBoundsComeFromTheDefaultsAndBadBoundsAreRefused() {
        OslatSla merged = OslatSla.maxUs(20).orElse(OslatSla.NONE.with("maxUs", 1000).with("avgUs", 2));
        assertThat(merged.maxUs()).hasValue(20);
        assertThat(merged.avgUs()).hasValue(2);
        assertThat(merged.p99Us()).isEmpty();
        assertThat(OslatSla.NONE.isEmpty()).isTrue();
        assertThat(OslatSla.NONE.describe()).isEqualTo("none");
        assertThat(merged.isEmpty()).isFalse();
        assertThatThrownBy(() -> OslatSla.maxUs(-1)).hasMessageContaining("maxUs must be >= 0");
        assertThatThrownBy(() -> OslatSla.NONE.with("p999Us", Double.NaN)).hasMessageContaining("p999Us must be >= 0");
        assertThatThrownBy(() -> OslatSla.NONE.with("minUs", 1)).hasMessageContaining("no oslat bound named 'minUs'");
        assertThatThrownBy(() -> new OslatSla(null, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty())).hasMessageContaining("maxUs must not be null");
    }
}
