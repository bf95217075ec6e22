package io.kvm4nfv.publish.measure;

import io.kvm4nfv.load.StressType;
import io.kvm4nfv.load.TestType;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.OslatResult;
import io.kvm4nfv.result.HardwareLatencyResult;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.PingPongResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of KVM4NFV measurements, named as KVM4NFV's Yardstick runs named them
 * ({@code kvmfornfv_cyclictest_<host>_<guest>}), plus live migration and packet forwarding.
 * Dispatchers write these points; the build-time generator {@code GrafanaDashboards} (a test
 * source, see {@code config/grafana/README.md}) builds the dashboards from the same definitions.
 */
public final class KvmfornfvMeasurements {

    /** Own tag of cyclictest points: the thread index, or {@value #ALL_THREADS} for the aggregate. */
    public static final String THREAD_TAG = "thread";
    /** Value of {@link #THREAD_TAG} on the aggregate point of a cyclictest run. */
    public static final String ALL_THREADS = "all";
    /** Own tag of oslat points: the CPU, or {@value #ALL_CPUS} for the aggregate. */
    public static final String CPU_TAG = "cpu";
    /** Value of {@link #CPU_TAG} on the aggregate point of an oslat run. */
    public static final String ALL_CPUS = "all";
    /** Own tag of forwarding points: the frame size in bytes. */
    public static final String PACKET_SIZE_TAG = "packet_size";
    /** Own tag of live-migration points: the leg, 1 for a single migration, 1 … 2N for N ping-pong round trips. */
    public static final String LEG_TAG = "leg";

    /**
     * The percentiles written as fields, by label ({@code p99.9}); their field keys replace the
     * dot by an underscore ({@code p99_9}). Other percentiles a tool reports are left out.
     */
    public static final List<String> STANDARD_PERCENTILES = List.of("p50", "p90", "p99", "p99.9", "p99.99");

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

    /**
     * On every point of every measurement: 1 when the result it belongs to violated its SLA (its
     * criteria FAIL — also when the SLA only monitors, so a watched pod's violations are counted), else 0.
     */
    public static final FieldDefinition SLA_VIOLATED = new FieldDefinition("sla_violated", "SLA violated", "none");

    /** Cyclictest latency fields: Yardstick's {@code min}, {@code avg}, {@code max}, then percentiles and counts. */
    public static final List<FieldDefinition> CYCLICTEST_FIELDS = fields(latencyFields(""),
            List.of(new FieldDefinition("samples", "Samples", "none"),
                    new FieldDefinition("overflows", "Histogram overflows", "none"), SLA_VIOLATED));

    /** oslat latency fields: as cyclictest's ({@code overflows}: the last bucket's count). */
    public static final List<FieldDefinition> OSLAT_FIELDS = CYCLICTEST_FIELDS;

    /** The oslat test types the standard dashboards show: idle, and CPU stress on the host. */
    public static final List<TestType> STANDARD_OSLAT_TEST_TYPES = List.of(TestType.IDLE_IDLE,
            new TestType(StressType.CPU, StressType.IDLE));

    /** Hardware latency fields (hwlatdetect), µs; absent when the node could not measure. */
    public static final List<FieldDefinition> HWLAT_FIELDS = List.of(
            new FieldDefinition("max_latency_us", "Max hardware latency", "µs"),
            new FieldDefinition("threshold_us", "Threshold", "µs"),
            new FieldDefinition("samples_over_threshold", "Samples over threshold", "none"),
            new FieldDefinition("smi_count", "SMIs", "none"),
            SLA_VIOLATED);

    /**
     * Live migration fields of one leg: QEMU's {@code query-migrate} figures, the pause timed
     * from QEMU's events, the guest-visible gap timed from the guest's heartbeat (and its
     * resolution), and each bound the run was judged against ({@code sla_*}, named like the
     * figure it bounds; absent when not judged).
     */
    public static final List<FieldDefinition> MIGRATION_FIELDS = List.of(
            new FieldDefinition("total_ms", "Total time", "ms"),
            new FieldDefinition("downtime_ms", "Downtime (QEMU)", "ms"),
            new FieldDefinition("setup_ms", "Setup time", "ms"),
            new FieldDefinition("stop_to_resume_ms", "STOP to RESUME", "ms"),
            new FieldDefinition("guest_gap_ms", "Guest gap", "ms"),
            new FieldDefinition("guest_gap_resolution_ms", "Guest gap resolution", "ms"),
            new FieldDefinition("wall_clock_ms", "Wall clock", "ms"),
            new FieldDefinition("transferred_bytes", "RAM transferred", "bytes"),
            new FieldDefinition("throughput_mbps", "Migration throughput", "Mbits"),
            new FieldDefinition("dirty_sync_count", "Dirty sync rounds", "none"),
            new FieldDefinition("sla_total_ms", "SLA total time", "ms"),
            new FieldDefinition("sla_downtime_ms", "SLA downtime (QEMU)", "ms"),
            new FieldDefinition("sla_stop_to_resume_ms", "SLA STOP to RESUME", "ms"),
            new FieldDefinition("sla_guest_gap_ms", "SLA guest gap", "ms"),
            SLA_VIOLATED);

    /** Packet forwarding fields of one frame size (VSPERF result columns, latencies in µs). */
    public static final List<FieldDefinition> FORWARDING_FIELDS = fields(latencyFields("_latency_us"),
            List.of(new FieldDefinition("throughput_rx_fps", "Throughput RX", "pps"),
                    new FieldDefinition("throughput_rx_mbps", "Throughput RX", "Mbits"),
                    new FieldDefinition("frame_loss_percent", "Frame loss", "percent"),
                    new FieldDefinition("frames_sent", "Frames sent", "none"),
                    new FieldDefinition("frames_received", "Frames received", "none"), SLA_VIOLATED));

    /** The one live-migration measurement, one point per leg (tag {@value #LEG_TAG}: 1, 2, …). */
    public static final MeasurementDefinition LIVE_MIGRATION =
            new MeasurementDefinition("kvmfornfv_live_migration", List.of(LEG_TAG), MIGRATION_FIELDS);

    private KvmfornfvMeasurements() {
    }

    /**
     * {@code kvmfornfv_cyclictest_cpustress_idle} for {@code CPU_stress-Idle}, tag {@code thread}.
     *
     * @param type the loads on host and guest
     * @return the cyclictest measurement of that test type, with {@link #CYCLICTEST_FIELDS}
     */
    public static MeasurementDefinition cyclictest(TestType type) {
        return new MeasurementDefinition("kvmfornfv_cyclictest_" + type.slug(), List.of(THREAD_TAG), CYCLICTEST_FIELDS);
    }

    /**
     * As {@link #cyclictest(TestType)} for a display name like {@code Memory_stress-Idle}.
     *
     * @param testTypeName {@code [Host-Type]-[Guest-Type]}, loads case-insensitive
     * @return the cyclictest measurement of that test type
     * @throws IllegalArgumentException when the name is not a known test type
     */
    public static MeasurementDefinition cyclictest(String testTypeName) {
        return cyclictest(parseTestType(testTypeName));
    }

    /**
     * {@code kvmfornfv_oslat_cpustress_idle} for {@code CPU_stress-Idle}, tag {@code cpu}.
     *
     * @param type the loads on host and guest
     * @return the oslat measurement of that test type, with {@link #OSLAT_FIELDS}
     */
    public static MeasurementDefinition oslat(TestType type) {
        return new MeasurementDefinition("kvmfornfv_oslat_" + type.slug(), List.of(CPU_TAG), OSLAT_FIELDS);
    }

    /**
     * As {@link #oslat(TestType)} for a display name like {@code CPU_stress-Idle}.
     *
     * @param testTypeName {@code [Host-Type]-[Guest-Type]}, loads case-insensitive
     * @return the oslat measurement of that test type
     * @throws IllegalArgumentException when the name is not a known test type
     */
    public static MeasurementDefinition oslat(String testTypeName) {
        return oslat(parseTestType(testTypeName));
    }

    /**
     * {@code kvmfornfv_hwlat_node1} for node {@code node1}: hardware latency, one point per run.
     *
     * @param node the node's name; lower-cased, every run of other characters than letters and digits becomes {@code _}
     * @return the node's hardware-latency measurement, without own tags, with {@link #HWLAT_FIELDS}
     */
    public static MeasurementDefinition hwlat(String node) {
        String n = node.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return new MeasurementDefinition("kvmfornfv_hwlat_" + n, List.of(), HWLAT_FIELDS);
    }

    /**
     * {@code kvmfornfv_packet_forwarding_pvvp} for deployment {@code pvvp}, tag {@code packet_size}.
     *
     * @param deployment the canonical deployment name, e.g. {@code pvvp} or {@code pvvp3}; case-insensitive
     * @return the deployment's forwarding measurement, with {@link #FORWARDING_FIELDS}
     * @throws IllegalArgumentException when the name holds anything but letters and digits
     */
    public static MeasurementDefinition forwarding(String deployment) {
        String d = deployment.toLowerCase(Locale.ROOT);
        if (!d.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("deployment must be letters and digits, e.g. pvvp or pvvp3: " + deployment);
        }
        return new MeasurementDefinition("kvmfornfv_packet_forwarding_" + d, List.of(PACKET_SIZE_TAG), FORWARDING_FIELDS);
    }

    /**
     * Every measurement the standard dashboards show.
     *
     * @return cyclictest of {@link #STANDARD_TEST_TYPES}, forwarding of {@link #STANDARD_DEPLOYMENTS},
     *         {@link #LIVE_MIGRATION} and oslat of {@link #STANDARD_OSLAT_TEST_TYPES}, in this order
     */
    public static List<MeasurementDefinition> standardDefinitions() {
        List<MeasurementDefinition> all = new ArrayList<>();
        STANDARD_TEST_TYPES.forEach(t -> all.add(cyclictest(t)));
        STANDARD_DEPLOYMENTS.forEach(d -> all.add(forwarding(d)));
        all.add(LIVE_MIGRATION);
        STANDARD_OSLAT_TEST_TYPES.forEach(t -> all.add(oslat(t)));
        return all;
    }

    /**
     * A live-migration point of one leg (from 1); {@code values} keys from {@link #MIGRATION_FIELDS}.
     *
     * @param run         the run whose tags the point carries
     * @param leg         the leg, 1 for a single migration
     * @param values      field keys to finite numbers, at least one
     * @param timestampNs the point's time, nanoseconds since the epoch
     * @return the point of {@link #LIVE_MIGRATION}
     * @throws IllegalArgumentException for a leg below 1, an undefined field or no field
     */
    public static Measurement migrationPoint(RunInfo run, int leg, Map<String, Double> values, long timestampNs) {
        if (leg < 1) {
            throw new IllegalArgumentException("migration legs count from 1: " + leg);
        }
        return LIVE_MIGRATION.point(run, Map.of(LEG_TAG, Integer.toString(leg)), values, timestampNs);
    }

    /**
     * A forwarding point for one frame size; {@code values} keys from {@link #FORWARDING_FIELDS}.
     *
     * @param run         the run whose tags the point carries
     * @param deployment  the canonical deployment name, e.g. {@code pvvp3}
     * @param packetSize  the frame size, bytes
     * @param values      field keys to finite numbers, at least one
     * @param timestampNs the point's time, nanoseconds since the epoch
     * @return the point of the deployment's forwarding measurement
     * @throws IllegalArgumentException for a frame size of 0 or less, a bad deployment name, an undefined field or no field
     */
    public static Measurement forwardingPoint(RunInfo run, String deployment, int packetSize, Map<String, Double> values,
                                              long timestampNs) {
        if (packetSize <= 0) {
            throw new IllegalArgumentException("packet size must be > 0: " + packetSize);
        }
        return forwarding(deployment).point(run, Map.of(PACKET_SIZE_TAG, Integer.toString(packetSize)), values, timestampNs);
    }

    /**
     * The points of any result this library measures, stamped {@code timestampNs}: cyclictest
     * ({@link CyclictestMeasurements}), live migration ({@link MigrationMeasurements}, without
     * SLA fields) and packet forwarding ({@link ForwardingMeasurements}); none for other results
     * (scenario checks, tuning reports, …), which reach the other dispatchers only.
     *
     * @param result      any result object
     * @param run         the run whose tags every point carries
     * @param timestampNs the points' time, nanoseconds since the epoch
     * @return the points of a cyclictest, migration (one leg, ping-pong or measured), forwarding, oslat or
     *         hardware-latency result; empty for any other
     */
    public static List<Measurement> points(Object result, RunInfo run, long timestampNs) {
        if (result instanceof CyclictestResult r) {
            return new CyclictestMeasurements().measurements(r, run, timestampNs);
        }
        if (result instanceof MigrationMeasurement r) {
            return MigrationMeasurements.WITHOUT_SLA.measurements(r, run, timestampNs);
        }
        if (result instanceof PingPongResult r) {
            return MigrationMeasurements.WITHOUT_SLA.legs(r.legs(), List.of(), run, timestampNs);
        }
        if (result instanceof MigrationResult r) {
            return MigrationMeasurements.WITHOUT_SLA.legs(List.of(r), List.of(), run, timestampNs);
        }
        if (result instanceof ForwardingResult r) {
            return new ForwardingMeasurements().measurements(r, run, timestampNs);
        }
        if (result instanceof OslatResult r) {
            return new OslatMeasurements().measurements(r, run, timestampNs);
        }
        if (result instanceof HardwareLatencyResult r) {
            return hwlatPoints(r, run, timestampNs);
        }
        return List.of();
    }

    /**
     * The one point of a hardware-latency run; none when the node could not measure.
     *
     * @param r           the hwlatdetect result of one node
     * @param run         the run whose tags the point carries
     * @param timestampNs the point's time, nanoseconds since the epoch
     * @return one point of the node's {@link #hwlat} measurement, or empty
     */
    public static List<Measurement> hwlatPoints(HardwareLatencyResult r, RunInfo run, long timestampNs) {
        if (!r.available()) {
            return List.of();
        }
        Map<String, Double> v = new java.util.LinkedHashMap<>();
        putIfKnown(v, "max_latency_us", r.maxLatencyUs());
        putIfKnown(v, "threshold_us", r.thresholdUs());
        putIfKnown(v, "samples_over_threshold", r.samplesOverThreshold());
        putIfKnown(v, "smi_count", r.smiCount());
        return List.of(hwlat(r.node()).point(run, Map.of(), v, timestampNs));
    }

    /**
     * The field key of a percentile label ({@code p99.9} → {@code p99_9} + {@code suffix}) when it
     * is one of {@link #STANDARD_PERCENTILES}.
     *
     * @param label  the percentile's label, e.g. {@code p99.9}
     * @param suffix appended to the key, e.g. {@code _latency_us}, or empty
     * @return the field key, or empty for a percentile that is not written
     */
    public static Optional<String> percentileKey(String label, String suffix) {
        return STANDARD_PERCENTILES.contains(label) ? Optional.of(label.replace('.', '_') + suffix) : Optional.empty();
    }

    /**
     * Puts {@code value} as a double under {@code key} unless it is {@code null} or not a finite
     * number (not known: left out, so that one odd figure never costs the whole point).
     */
    static void putIfKnown(Map<String, Double> values, String key, Number value) {
        if (value != null && Double.isFinite(value.doubleValue())) {
            values.put(key, value.doubleValue());
        }
    }

    /** {@code min}, {@code avg}, {@code max} and the {@link #STANDARD_PERCENTILES} of a latency, µs, keys ending in {@code suffix}. */
    private static List<FieldDefinition> latencyFields(String suffix) {
        List<FieldDefinition> fields = new ArrayList<>(List.of(
                new FieldDefinition("min" + suffix, "Min latency", "µs"),
                new FieldDefinition("avg" + suffix, "Avg latency", "µs"),
                new FieldDefinition("max" + suffix, "Max latency", "µs")));
        STANDARD_PERCENTILES.forEach(p -> fields.add(new FieldDefinition(percentileKey(p, suffix).orElseThrow(),
                p + " latency", "µs")));
        return fields;
    }

    @SafeVarargs
    private static List<FieldDefinition> fields(List<FieldDefinition>... groups) {
        List<FieldDefinition> all = new ArrayList<>();
        for (List<FieldDefinition> g : groups) {
            all.addAll(g);
        }
        return List.copyOf(all);
    }

    /**
     * Parses {@code [Host-Type]-[Guest-Type]}, e.g. {@code CPU_stress-Idle}.
     *
     * @param name the display name; each load is {@code Idle}, {@code CPU_stress}, {@code Memory_stress} or
     *             {@code IO_stress}, case-insensitive
     * @return the test type
     * @throws IllegalArgumentException when the name has not two parts or names an unknown load
     */
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
