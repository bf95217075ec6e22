package io.kvm4nfv.publish.measure;

import io.kvm4nfv.load.StressType;
import io.kvm4nfv.load.TestType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of KVM4NFV measurements, named as KVM4NFV's Yardstick runs named them
 * ({@code kvmfornfv_cyclictest_<host>_<guest>}), plus live migration and packet forwarding.
 * Dispatchers write these points; {@link io.kvm4nfv.publish.grafana.GrafanaDashboards}
 * builds the dashboards from the same definitions.
 */
public final class KvmfornfvMeasurements {

    /** Own tag of cyclictest points: the thread index, or {@value #ALL_THREADS} for the aggregate. */
    public static final String THREAD_TAG = "thread";
    /** Value of {@link #THREAD_TAG} on the aggregate point of a cyclictest run. */
    public static final String ALL_THREADS = "all";
    /** Own tag of forwarding points: the frame size in bytes. */
    public static final String PACKET_SIZE_TAG = "packet_size";

    /** The cyclictest test types of the KVM4NFV test plan: each load on the host (guest idle) and in the guest (host idle). */
    public static final List<TestType> STANDARD_TEST_TYPES = List.of(
            TestType.IDLE_IDLE,
            new TestType(StressType.CPU, StressType.IDLE),
            new TestType(StressType.MEMORY, StressType.IDLE),
            new TestType(StressType.IO, StressType.IDLE),
            new TestType(StressType.IDLE, StressType.CPU),
            new TestType(StressType.IDLE, StressType.MEMORY),
            new TestType(StressType.IDLE, StressType.IO));

    /** VSPERF deployments KVM4NFV ran. */
    public static final List<String> STANDARD_DEPLOYMENTS = List.of("p2p", "pvp", "pvvp", "pvpv");

    /** Frame sizes KVM4NFV used, bytes. */
    public static final List<Integer> STANDARD_FRAME_SIZES = List.of(64, 128, 512, 1024, 1518);

    /** Cyclictest latency fields: Yardstick's {@code min}, {@code avg}, {@code max}, then percentiles and counts. */
    public static final List<FieldDefinition> CYCLICTEST_FIELDS = List.of(
            new FieldDefinition("min", "Min latency", "µs"),
            new FieldDefinition("avg", "Avg latency", "µs"),
            new FieldDefinition("max", "Max latency", "µs"),
            new FieldDefinition("p50", "p50 latency", "µs"),
            new FieldDefinition("p90", "p90 latency", "µs"),
            new FieldDefinition("p99", "p99 latency", "µs"),
            new FieldDefinition("p99_9", "p99.9 latency", "µs"),
            new FieldDefinition("p99_99", "p99.99 latency", "µs"),
            new FieldDefinition("samples", "Samples", "none"),
            new FieldDefinition("overflows", "Histogram overflows", "none"));

    /** Live migration fields (QMP {@code query-migrate}) and the SLA the run was judged against. */
    public static final List<FieldDefinition> MIGRATION_FIELDS = List.of(
            new FieldDefinition("total_ms", "Total time", "ms"),
            new FieldDefinition("downtime_ms", "Downtime", "ms"),
            new FieldDefinition("setup_ms", "Setup time", "ms"),
            new FieldDefinition("transferred_bytes", "RAM transferred", "bytes"),
            new FieldDefinition("throughput_mbps", "Migration throughput", "Mbits"),
            new FieldDefinition("dirty_sync_count", "Dirty sync rounds", "none"),
            new FieldDefinition("sla_total_ms", "SLA total time", "ms"),
            new FieldDefinition("sla_downtime_ms", "SLA downtime", "ms"));

    /** Packet forwarding fields (VSPERF result columns, latencies converted to µs). */
    public static final List<FieldDefinition> FORWARDING_FIELDS = List.of(
            new FieldDefinition("avg_latency_us", "Avg latency", "µs"),
            new FieldDefinition("min_latency_us", "Min latency", "µs"),
            new FieldDefinition("max_latency_us", "Max latency", "µs"),
            new FieldDefinition("throughput_rx_fps", "Throughput RX", "pps"),
            new FieldDefinition("throughput_rx_mbps", "Throughput RX", "Mbits"),
            new FieldDefinition("frame_loss_percent", "Frame loss", "percent"));

    /** The one live-migration measurement. */
    public static final MeasurementDefinition LIVE_MIGRATION =
            new MeasurementDefinition("kvmfornfv_live_migration", List.of(), MIGRATION_FIELDS);

    private KvmfornfvMeasurements() {
    }

    /** {@code kvmfornfv_cyclictest_cpustress_idle} for {@code CPU_stress-Idle}, tag {@code thread}. */
    public static MeasurementDefinition cyclictest(TestType type) {
        return new MeasurementDefinition("kvmfornfv_cyclictest_" + type.slug(), List.of(THREAD_TAG), CYCLICTEST_FIELDS);
    }

    /** As {@link #cyclictest(TestType)} for a display name like {@code Memory_stress-Idle}. */
    public static MeasurementDefinition cyclictest(String testTypeName) {
        return cyclictest(parseTestType(testTypeName));
    }

    /** {@code kvmfornfv_packet_forwarding_pvvp} for deployment {@code pvvp}, tag {@code packet_size}. */
    public static MeasurementDefinition forwarding(String deployment) {
        String d = deployment.toLowerCase(Locale.ROOT);
        if (!d.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("deployment must be letters and digits, e.g. pvvp or pvvp3: " + deployment);
        }
        return new MeasurementDefinition("kvmfornfv_packet_forwarding_" + d, List.of(PACKET_SIZE_TAG), FORWARDING_FIELDS);
    }

    /** Every measurement the standard dashboards show. */
    public static List<MeasurementDefinition> standardDefinitions() {
        List<MeasurementDefinition> all = new ArrayList<>();
        STANDARD_TEST_TYPES.forEach(t -> all.add(cyclictest(t)));
        STANDARD_DEPLOYMENTS.forEach(d -> all.add(forwarding(d)));
        all.add(LIVE_MIGRATION);
        return all;
    }

    /** A live-migration point; {@code values} keys from {@link #MIGRATION_FIELDS}. */
    public static Measurement migrationPoint(RunInfo run, Map<String, Double> values, long timestampNs) {
        return LIVE_MIGRATION.point(run, Map.of(), values, timestampNs);
    }

    /** A forwarding point for one frame size; {@code values} keys from {@link #FORWARDING_FIELDS}. */
    public static Measurement forwardingPoint(RunInfo run, String deployment, int packetSize, Map<String, Double> values,
                                              long timestampNs) {
        if (packetSize <= 0) {
            throw new IllegalArgumentException("packet size must be > 0: " + packetSize);
        }
        return forwarding(deployment).point(run, Map.of(PACKET_SIZE_TAG, Integer.toString(packetSize)), values, timestampNs);
    }

    /** Parses {@code [Host-Type]-[Guest-Type]}, e.g. {@code CPU_stress-Idle}. */
    public static TestType parseTestType(String name) {
        String[] parts = name.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("test type must be [Host-Type]-[Guest-Type], e.g. CPU_stress-Idle: " + name);
        }
        return new TestType(stressType(parts[0], name), stressType(parts[1], name));
    }

    private static StressType stressType(String part, String whole) {
        for (StressType t : StressType.values()) {
            if (t.testTypeName().equalsIgnoreCase(part)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown load '" + part + "' in test type " + whole
                + " (Idle, CPU_stress, Memory_stress, IO_stress)");
    }
}
