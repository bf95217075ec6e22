package io.kvm4nfv.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CyclictestResultTest {

    private static CyclictestResult sample() {
        TreeMap<Integer, Long> b0 = new TreeMap<>();
        b0.put(3, 90L);
        b0.put(4, 9L);
        ThreadLatency t0 = ThreadLatency.of(0, 100, 3, 3.2, 40, new LatencyHistogram(10, b0, 1));
        TreeMap<Integer, Long> b1 = new TreeMap<>();
        b1.put(5, 300L);
        ThreadLatency t1 = ThreadLatency.of(1, 300, 5, 5.0, 5, new LatencyHistogram(10, b1, 0));
        return CyclictestResult.of("Idle-Idle", List.of("cyclictest", "-q"), List.of(t0, t1),
                new Breaktrace(1234, 0, 40));
    }

    @Test
    void aggregateIsMinOfMinMaxOfMaxAndSampleWeightedAvg() {
        LatencySummary a = sample().aggregate();
        assertThat(a.threads()).isEqualTo(2);
        assertThat(a.samples()).isEqualTo(400);
        assertThat(a.minUs()).isEqualTo(3);
        assertThat(a.maxUs()).isEqualTo(40);
        assertThat(a.avgUs()).isEqualTo((3.2 * 100 + 5.0 * 300) / 400);
        assertThat(a.overflows()).isEqualTo(1);
        // merged: 90x3, 9x4, 300x5, 1 overflow = 400; p50 rank 200 -> 5; p99.99 rank 400 -> overflow
        assertThat(a.percentiles().get(0).valueUs()).hasValue(5);
        assertThat(a.percentiles().get(4).aboveHistogramRange()).isTrue();
    }

    @Test
    void jsonHasNumbersAsNumbersAndRoundTrips() throws Exception {
        CyclictestResult r = sample().withRawOutputFile("/tmp/raw.txt");
        String json = CyclictestJson.toJson(r);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.get("testType").asText()).isEqualTo("Idle-Idle");
        JsonNode t0 = tree.get("threads").get(0);
        assertThat(t0.get("maxUs").isIntegralNumber()).isTrue();
        assertThat(t0.get("maxUs").asLong()).isEqualTo(40);
        assertThat(t0.get("avgUs").isDouble()).isTrue();
        assertThat(t0.get("histogram").get("buckets").get("3").isIntegralNumber()).isTrue();
        assertThat(t0.get("histogram").get("sampleCount").asLong()).isEqualTo(100);
        JsonNode p9999 = t0.get("percentiles").get(4);
        assertThat(p9999.get("label").asText()).isEqualTo("p99.99");
        assertThat(p9999.get("valueUs").isNull()).isTrue();
        assertThat(p9999.get("aboveHistogramRange").asBoolean()).isTrue();
        assertThat(t0.get("percentiles").get(0).get("valueUs").isIntegralNumber()).isTrue();
        assertThat(tree.get("breaktrace").get("valueUs").asLong()).isEqualTo(40);
        assertThat(tree.get("aggregate").get("samples").asLong()).isEqualTo(400);
        assertThat(tree.get("rawOutputFile").asText()).isEqualTo("/tmp/raw.txt");

        assertThat(CyclictestJson.fromJson(json)).isEqualTo(r);
    }

    @Test
    void nullsAreLeftOut() {
        CyclictestResult r = CyclictestResult.of("Idle-Idle", List.of(),
                List.of(ThreadLatency.of(0, 5, 1, 2, 3, null)), null);
        String json = CyclictestJson.toJson(r);
        assertThat(json).doesNotContain("breaktrace", "rawOutputFile", "histogram");
        assertThat(CyclictestJson.fromJson(json)).isEqualTo(r);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> ThreadLatency.of(0, 5, 10, 2, 3, null)).hasMessageContaining("min/avg/max");
        assertThatThrownBy(() -> ThreadLatency.of(-1, 0, 0, 0, 0, null)).hasMessageContaining("thread");
        assertThatThrownBy(() -> CyclictestResult.of("x", List.of(), List.of(ThreadLatency.of(1, 0, 0, 0, 0, null)), null))
                .hasMessageContaining("position 0 holds thread 1");
        assertThatThrownBy(() -> CyclictestJson.fromJson("[]")).isInstanceOf(IllegalArgumentException.class);
    }
}
