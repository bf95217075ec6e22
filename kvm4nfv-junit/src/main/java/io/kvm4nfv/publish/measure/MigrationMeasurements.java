package io.kvm4nfv.publish.measure;

import io.kvm4nfv.result.HeartbeatReport;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationSla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live-migration points: one {@link KvmfornfvMeasurements#LIVE_MIGRATION} point per leg (tag
 * {@code leg} = 1, 2, …), with QEMU's total time, downtime and setup time, the pause from
 * {@code STOP} to {@code RESUME}, the guest-visible gap over that leg (the largest gap between
 * heartbeats, and its resolution), the transfer figures and each bound the run was judged
 * against. A figure QEMU did not report (e.g. the downtime of a failed leg) is left out.
 *
 * @param sla the bounds judged ({@link MigrationSla#NONE} when not known here)
 */
public record MigrationMeasurements(MigrationSla sla) implements MeasurementSource<MigrationMeasurement> {

    /** Points without the SLA fields. */
    public static final MigrationMeasurements WITHOUT_SLA = new MigrationMeasurements(MigrationSla.NONE);

    /**
     * Replaces a missing SLA by {@link MigrationSla#NONE}.
     *
     * @param sla the bounds judged, or {@code null} for none
     */
    public MigrationMeasurements {
        sla = sla == null ? MigrationSla.NONE : sla;
    }

    /**
     * Judged on total time and QEMU's downtime.
     *
     * @param slaTotalMs    upper bound of the total migration time, milliseconds, or {@code null}
     * @param slaDowntimeMs upper bound of QEMU's downtime, milliseconds, or {@code null}
     */
    public MigrationMeasurements(Double slaTotalMs, Double slaDowntimeMs) {
        this(MigrationSla.totalAndDowntime(slaTotalMs, slaDowntimeMs));
    }

    @Override
    public List<Measurement> measurements(MigrationMeasurement result, RunInfo run, long timestampNs) {
        return legs(result.legs(), result.heartbeats(), run, timestampNs);
    }

    /**
     * The points of these legs.
     *
     * @param legs        QEMU's figures of each leg, in the order they ran
     * @param heartbeats  the heartbeat over each leg, same order (may be shorter, or empty when not measured)
     * @param run         the run whose tags every point carries
     * @param timestampNs the points' time, nanoseconds since the epoch
     * @return one point per leg, tagged {@code leg} 1, 2, …
     */
    public List<Measurement> legs(List<MigrationResult> legs, List<HeartbeatReport> heartbeats, RunInfo run,
                                  long timestampNs) {
        List<Measurement> points = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
            MigrationResult leg = legs.get(i);
            Map<String, Double> v = new LinkedHashMap<>();
            KvmfornfvMeasurements.putIfKnown(v, "total_ms", leg.totalMs());
            KvmfornfvMeasurements.putIfKnown(v, "downtime_ms", leg.downtimeMs());
            KvmfornfvMeasurements.putIfKnown(v, "setup_ms", leg.setupMs());
            KvmfornfvMeasurements.putIfKnown(v, "stop_to_resume_ms", leg.stopToResumeMs());
            HeartbeatReport heartbeat = i < heartbeats.size() ? heartbeats.get(i) : null;
            KvmfornfvMeasurements.putIfKnown(v, "guest_gap_ms", heartbeat == null ? null : heartbeat.largestGapMs());
            KvmfornfvMeasurements.putIfKnown(v, "guest_gap_resolution_ms",
                    heartbeat == null ? null : heartbeat.medianIntervalMs());
            KvmfornfvMeasurements.putIfKnown(v, "wall_clock_ms", leg.wallClockMs());
            KvmfornfvMeasurements.putIfKnown(v, "transferred_bytes", leg.transferredBytes());
            KvmfornfvMeasurements.putIfKnown(v, "throughput_mbps", leg.throughputMbps());
            KvmfornfvMeasurements.putIfKnown(v, "dirty_sync_count", leg.passes());
            KvmfornfvMeasurements.putIfKnown(v, "sla_total_ms", sla.maxTotalMs());
            KvmfornfvMeasurements.putIfKnown(v, "sla_downtime_ms", sla.maxDowntimeMs());
            KvmfornfvMeasurements.putIfKnown(v, "sla_stop_to_resume_ms", sla.maxStopToResumeMs());
            KvmfornfvMeasurements.putIfKnown(v, "sla_guest_gap_ms", sla.maxGuestGapMs());
            points.add(KvmfornfvMeasurements.migrationPoint(run, i + 1, v, timestampNs));
        }
        return points;
    }
}
