package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.ThreadLatency;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Results with known numbers for the publish tests. */
final class PublishFixtures {

    static final RunInfo RUN = new RunInfo("task-1", "local", "none", "os-nosdn-kvm-noha", "0.1.0");
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant STOP = Instant.parse("2026-11-25T10:10:00.123456789Z");
    static final long STOP_NS = 1795601400123456789L;

    private PublishFixtures() {
    }

    /**
     * Thread 0: 1000 samples, min 3, avg 4.53, max 40. Thread 1: 1000 samples, min 4,
     * avg 4.344, max 150 (one overflow above the 100 µs histogram). Aggregate: min 3, avg 4.437, max 150.
     */
    static CyclictestResult cyclictest(String testType) {
        TreeMap<Integer, Long> b0 = new TreeMap<>();
        b0.put(3, 500L);
        b0.put(5, 400L);
        b0.put(10, 99L);
        b0.put(40, 1L);
        TreeMap<Integer, Long> b1 = new TreeMap<>();
        b1.put(4, 900L);
        b1.put(6, 99L);
        ThreadLatency t0 = ThreadLatency.of(0, 1000, 3, 4.53, 40, new LatencyHistogram(100, b0, 0));
        ThreadLatency t1 = ThreadLatency.of(1, 1000, 4, 4.344, 150, new LatencyHistogram(100, b1, 1));
        return CyclictestResult.of(testType, List.of("cyclictest", "-m", "-q"), List.of(t0, t1), null);
    }

    static ResultRecord record(String caseName, String testType, Criteria criteria) {
        return ResultRecord.cyclictest(caseName, cyclictest(testType), criteria, START, STOP, RUN);
    }
}
