package io.kvm4nfv.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OslatResultTest {

    private static OslatResult sample() {
        TreeMap<Integer, Long> b0 = new TreeMap<>();
        b0.put(1, 90L);
        b0.put(3, 9L);
        OslatCpuLatency c0 = OslatCpuLatency.of(0, 2, 2096, 1, 1.5, 400, 5.0, new LatencyHistogram(32, b0, 1));
        TreeMap<Integer, Long> b1 = new TreeMap<>();
        b1.put(2, 300L);
        OslatCpuLatency c1 = OslatCpuLatency.of(1, 3, 2095, 2, 2.0, 2, 5.0, new LatencyHistogram(32, b1, 0));
        return OslatResult.of("Idle-Idle", List.of("oslat", "-c", "2-3"), "2.40", 0, List.of(c0, c1));
    }

    @Test
    void aggregateIsMinOfMinMaxOfMaxAndSampleWeightedAvg() {
        LatencySummary a = sample().aggregate();
        assertThat(a.threads()).isEqualTo(2);
        assertThat(a.samples()).isEqualTo(400);
        assertThat(a.minUs()).isEqualTo(1);
        assertThat(a.maxUs()).isEqualTo(400);
        assertThat(a.avgUs()).isEqualTo((1.5 * 100 + 2.0 * 300) / 400);
        assertThat(a.overflows()).isEqualTo(1);
        // merged: 90x1, 300x2, 9x3, 1 in the last bucket = 400; p50 rank 200 -> 2; p99.99 rank 400 -> last bucket
        assertThat(a.percentiles().get(0).valueUs()).hasValue(2);
        assertThat(a.percentiles().get(4).aboveHistogramRange()).isTrue();
    }

    @Test
    void jsonHasNumbersAsNumbersAndRoundTrips() throws Exception {
        OslatResult r = sample().withRawOutputFile("/tmp/oslat.txt");
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(r);
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.get("testType").asText()).isEqualTo("Idle-Idle");
        JsonNode c0 = tree.get("cpus").get(0);
        assertThat(c0.get("cpu").asInt()).isEqualTo(2);
        assertThat(c0.get("maxUs").isIntegralNumber()).isTrue();
        assertThat(c0.get("avgUs").isDouble()).isTrue();
        assertThat(c0.get("hasSamples").asBoolean()).isTrue();
        assertThat(c0.get("histogram").get("buckets").get("3").asLong()).isEqualTo(9);
        assertThat(c0.get("histogram").get("overflows").asLong()).isEqualTo(1);
        assertThat(c0.get("percentiles").get(4).get("valueUs").isNull()).isTrue();
        assertThat(tree.get("aggregate").get("samples").asLong()).isEqualTo(400);
        assertThat(tree.get("rawOutputFile").asText()).isEqualTo("/tmp/oslat.txt");
        assertThat(mapper.readValue(json, OslatResult.class)).isEqualTo(r);
        assertThat(mapper.writeValueAsString(sample())).doesNotContain("rawOutputFile");
    }

    @Test
    void inconsistentFiguresAreRefused() {
        LatencyHistogram h = new LatencyHistogram(32, new TreeMap<>(java.util.Map.of(1, 10L)), 0);
        assertThatThrownBy(() -> OslatCpuLatency.of(0, 0, 2096, 5, 1, 4, 1, h)).hasMessageContaining("minimum 5 us above");
        assertThatThrownBy(() -> new OslatCpuLatency(0, 0, 2096, 11, 1, 1, 1, 1, h, null))
                .hasMessageContaining("11 samples but the histogram holds 10");
        assertThatThrownBy(() -> OslatCpuLatency.of(0, 0, 2096, 1, Double.NaN, 1, 1, h)).hasMessageContaining("average");
        OslatCpuLatency c = OslatCpuLatency.of(0, 0, 2096, 1, 1, 1, 1, h);
        assertThatThrownBy(() -> OslatResult.of("Idle-Idle", List.of(), null, 0, List.of(c, c)))
                .hasMessageContaining("position 1 holds column 0");
    }
}
