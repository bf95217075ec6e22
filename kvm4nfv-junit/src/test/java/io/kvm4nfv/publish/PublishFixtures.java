package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.RunInfo;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.HeartbeatReport;
import io.kvm4nfv.result.IntegrityReport;
import io.kvm4nfv.result.LatencyHistogram;
import io.kvm4nfv.result.LatencyPercentileUs;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.ThreadLatency;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Results with known numbers for the publish tests. */
final class PublishFixtures {

    static final RunInfo RUN = new RunInfo("task-1", "local", "none", "os-nosdn-kvm-noha", "0.1.0");
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant STOP = Instant.parse("2026-11-25T10:10:00.123456789Z");
    static final long STOP_NS = 1795601400123456789L;
    /** A test's own scenario ({@code @Scenario}), other than the run's. */
    static final String SCENARIO = "os-nosdn-kvm_ovs_dpdk-noha";

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

    /** As {@link #record} measured on the test's own {@code scenario}. */
    static ResultRecord record(String caseName, String testType, Criteria criteria, String scenario) {
        return ResultRecord.cyclictest(caseName, cyclictest(testType), criteria, START, STOP, RUN.withScenario(scenario));
    }

    /**
     * A ping-pong round trip: leg 1 completed (total 430 ms, downtime 6, setup 3, STOP to RESUME
     * 12.25, 150 MiB at 560.5 Mbit/s in 4 passes, heartbeat gap 266), leg 2 failed (total 1200 ms,
     * setup 2, 1 MiB sent, no downtime, no STOP to RESUME, no throughput, heartbeat gap 301.5).
     */
    static MigrationMeasurement migration() {
        MigrationResult done = MigrationResult.builder("completed").endpoints("unix:/a", "unix:/b", "tcp:127.0.0.1:1")
                .qemuTimes(430L, 6L, 3L).wallClockMs(441.5).stopToResumeMs(12.25).ramBytes(150L << 20, 268443648L)
                .throughputMbps(560.5).passes(4L).maxDirtyPagesRate(100L).statesAfter("postmigrate", "running").build();
        MigrationResult failed = MigrationResult.builder("failed").endpoints("unix:/b", "unix:/a", "tcp:127.0.0.1:2")
                .qemuTimes(1200L, null, 2L).wallClockMs(1210.0).ramBytes(1L << 20, 268443648L)
                .errorDesc("Unable to write").statesAfter("running", "unreachable").build();
        return new MigrationMeasurement("guest", 262152, "tcg", "IDLE", 10L << 30, 10L, 1, List.of(done, failed),
                List.of(new HeartbeatReport(50, 1000, 266.0, 300, 90.0, 0), new HeartbeatReport(40, 1500, 301.5, 200, 91.0, 1)),
                List.of(), new IntegrityReport(16, List.of()), "b1", "b1", 3L, 9L);
    }

    /**
     * pvp at 64 B (latency 11/12.5/40.25 µs, p25 11.5, p50 12, p99 30, p99.9 38.5, 1488095 fps,
     * 761.9 Mbit/s, no loss, 44642850 frames each way) and 1518 B (20/25.5/90 µs, no percentiles,
     * 81274 fps, 986.95 Mbit/s, 0.5 % loss, no frame counts).
     */
    static ForwardingResult forwarding() {
        return new ForwardingResult("pvp_tput", "pvp", "OVS_netdev", "sockperf+iperf3", List.of(
                new FrameSizeResult(64, 11.0, 12.5, 40.25, List.of(new LatencyPercentileUs(0.25, 11.5),
                        new LatencyPercentileUs(0.5, 12.0), new LatencyPercentileUs(0.99, 30.0),
                        new LatencyPercentileUs(0.999, 38.5)), 1488095.0, 761.9, 0.0, 44642850L, 44642850L),
                new FrameSizeResult(1518, 20.0, 25.5, 90.0, List.of(), 81274.0, 986.95, 0.5, null, null)),
                START, Duration.ofSeconds(60), null);
    }
}
