package io.kvm4nfv.result;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyHistogramTest {

    private static LatencyHistogram of(int range, long overflows, long... pairs) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((int) pairs[i], pairs[i + 1]);
        }
        return new LatencyHistogram(range, m, overflows);
    }

    @Test
    void percentileIsSmallestBucketReachingTheRank() {
        // 10 samples: 1x3us, 4x5us, 4x7us, 1x9us
        LatencyHistogram h = of(10, 0, 3, 1, 5, 4, 7, 4, 9, 1);
        assertThat(h.percentile(0.1).valueUs()).hasValue(3);   // rank 1
        assertThat(h.percentile(0.11).valueUs()).hasValue(5);  // rank 2
        assertThat(h.percentile(0.5).valueUs()).hasValue(5);   // rank 5
        assertThat(h.percentile(0.51).valueUs()).hasValue(7);  // rank 6
        assertThat(h.percentile(0.9).valueUs()).hasValue(7);   // rank 9
        assertThat(h.percentile(0.99).valueUs()).hasValue(9);  // rank 10
        assertThat(h.percentile(1.0).valueUs()).hasValue(9);
    }

    @Test
    void inRangeMeanWeighsEachBucketByItsCountAndIgnoresOverflows() {
        // 10 samples in range: 1x3us, 4x5us, 4x7us, 1x9us = 60 us; 5 overflows do not count
        assertThat(of(10, 5, 3, 1, 5, 4, 7, 4, 9, 1).inRangeMeanUs()).hasValue(6.0);
        assertThat(of(10, 5).inRangeMeanUs()).isEmpty();
    }

    @Test
    void rankIsExactInDecimal() {
        assertThat(LatencyHistogram.rank(0.999, 2000)).isEqualTo(1998);
        assertThat(LatencyHistogram.rank(0.9999, 10_000)).isEqualTo(9999);
        assertThat(LatencyHistogram.rank(0.5, 3)).isEqualTo(2);
        assertThat(LatencyHistogram.rank(0.0001, 1)).isEqualTo(1);
    }

    @Test
    void percentileAmongOverflowsHasNoValue() {
        LatencyHistogram h = of(100, 2, 10, 98);
        assertThat(h.sampleCount()).isEqualTo(100);
        assertThat(h.percentile(0.98).valueUs()).hasValue(10);
        Percentile p = h.percentile(0.99);
        assertThat(p.aboveHistogramRange()).isTrue();
        assertThat(p.valueUs()).isEmpty();
        assertThat(p.label()).isEqualTo("p99");
        assertThat(h.standardPercentiles()).extracting(Percentile::label)
                .containsExactly("p50", "p90", "p99", "p99.9", "p99.99");
    }

    @Test
    void emptyHistogramHasNoPercentiles() {
        LatencyHistogram h = of(10, 0);
        assertThat(h.standardPercentiles()).isEmpty();
        assertThatThrownBy(() -> h.percentile(0.5)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void zeroBucketsAreDroppedAndBoundsChecked() {
        assertThat(of(5, 0, 1, 0, 2, 3).buckets()).isEqualTo(Map.of(2, 3L));
        assertThatThrownBy(() -> of(5, 0, 5, 1)).hasMessageContaining("bucket 5 outside histogram range 0..4");
        assertThatThrownBy(() -> of(0, 0)).hasMessageContaining("rangeUs");
        assertThatThrownBy(() -> of(5, -1)).hasMessageContaining("overflows");
        assertThatThrownBy(() -> of(5, 0, 1, -2)).hasMessageContaining("negative");
    }

    @Test
    void plusAddsBucketsAndOverflows() {
        LatencyHistogram sum = of(10, 1, 2, 3).plus(of(10, 2, 2, 1, 4, 1));
        assertThat(sum.buckets()).isEqualTo(Map.of(2, 4L, 4, 1L));
        assertThat(sum.overflows()).isEqualTo(3);
        assertThatThrownBy(() -> of(10, 0).plus(of(11, 0))).hasMessageContaining("ranges differ");
    }
}
