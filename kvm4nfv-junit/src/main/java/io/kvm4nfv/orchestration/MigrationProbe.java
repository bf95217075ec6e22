package io.kvm4nfv.orchestration;

import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.probe.migration.MeasuredMigration;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.publish.MigrationReport;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.publish.measure.MigrationMeasurements;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.Sla;

import java.util.Locale;
import java.util.Objects;

/**
 * Live migration of a guest of the lab, measured ({@link MeasuredMigration}: QEMU's figures,
 * STOP/RESUME, the guest's heartbeat, memory integrity, every ping-pong leg); judged by the
 * options' {@link io.kvm4nfv.result.MigrationSla}; reported with the timeline chart and the
 * final {@code query-migrate}.
 *
 * @param lab       the lab the guest runs on
 * @param guestName the guest's node name
 * @param options   how it migrates, where to, and its SLA
 */
public record MigrationProbe(Lab lab, String guestName, MigrationOptions options)
        implements Probe<MigrationMeasurement> {

    /**
     * Checks that every component is present.
     *
     * @param lab the lab the guest runs on
     * @param guestName the guest's node name
     * @param options how it migrates, where to, and its SLA
     * @throws NullPointerException if any component is {@code null}
     */
    public MigrationProbe {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(guestName, "guestName");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "live migration of %s (%s, max-bandwidth %s, downtime-limit %s%s)",
                guestName, options.workload().kind(), options.maxBandwidthBytesPerSecond() == null ? "default"
                        : options.maxBandwidthBytesPerSecond() + " B/s", options.downtimeLimitMs() == null ? "default"
                        : options.downtimeLimitMs() + " ms", options.pingPongRoundTrips() == 0 ? ""
                        : ", " + options.pingPongRoundTrips() + " round trips")
                + (options.toHost() == null ? "" : " from " + lab.guest(guestName).hostName() + " to "
                + options.toHost());
    }

    /**
     * @throws io.kvm4nfv.lab.MigrationNotPossibleException when the guest cannot move to {@code options.toHost()}
     */
    @Override
    public MigrationMeasurement measure(Journal journal) {
        return MeasuredMigration.run(lab, guestName, options, journal::note);
    }

    @Override
    public Sla<MigrationMeasurement> sla() {
        return options.sla();
    }

    @Override
    public String measurement(MigrationMeasurement result) {
        return KvmfornfvMeasurements.LIVE_MIGRATION.name();
    }

    @Override
    public String subject(MigrationMeasurement result) {
        return "live migration of " + result.guest() + " (" + MigrationReport.oneLine(result) + ")";
    }

    @Override
    public String summary(MigrationMeasurement result) {
        return MigrationReport.oneLine(result);
    }

    @Override
    public MeasurementSource<MigrationMeasurement> points() {
        return new MigrationMeasurements(options.sla());
    }

    @Override
    public void attachEvidence(MigrationMeasurement result, Journal journal) {
        MigrationReport.attach(journal, result);
    }
}
