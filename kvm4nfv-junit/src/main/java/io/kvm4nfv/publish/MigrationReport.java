package io.kvm4nfv.publish;

import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.HeartbeatReport;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationSample;
import io.kvm4nfv.result.MigrationTimelineEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a live migration looks in a report: a one-line summary, a text table of every leg,
 * a timeline chart per leg (remaining RAM and QEMU's expected downtime over time, with the
 * source's {@code STOP} and the destination's {@code RESUME} marked) and the final
 * {@code query-migrate} JSON, attached through a {@link Journal} (Allure in tests).
 */
public final class MigrationReport {

    private MigrationReport() {
    }

    /**
     * {@code completed, total 412 ms, downtime 6 ms (QEMU), STOP to RESUME 8.1 ms, guest gap 150.2 ms
     * (resolution 1.2 ms), integrity intact, 256 MiB TCG}.
     *
     * @param m the migration, one leg or several (ping-pong: maxima over the legs)
     * @return the status, times in ms, integrity, guest memory (KiB), accelerator, workload and bandwidth as one line
     */
    public static String oneLine(MigrationMeasurement m) {
        MigrationResult r = m.last();
        StringBuilder sb = new StringBuilder();
        sb.append(m.legs().size() == 1 ? r.status() : m.legs().size() + " legs " + (m.isCompleted() ? "completed"
                : "ended " + r.status()));
        sb.append(", total ").append(m.legs().size() == 1 ? value(r.totalMs())
                : "max " + m.pingPong().maxTotalMs().stream().mapToObj(Long::toString).findFirst().orElse("-"))
                .append(" ms");
        sb.append(", downtime ").append(m.legs().size() == 1 ? value(r.downtimeMs())
                : "max " + m.pingPong().maxDowntimeMs().stream().mapToObj(Long::toString).findFirst().orElse("-"))
                .append(" ms (QEMU)");
        m.legs().stream().map(MigrationResult::stopToResumeMs).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().ifPresent(s -> sb.append(String.format(Locale.ROOT,
                        ", STOP to RESUME %s%.1f ms", m.legs().size() == 1 ? "" : "max ", s)));
        m.maxHeartbeatGapMs().ifPresent(g -> sb.append(String.format(Locale.ROOT, ", guest gap %s%.1f ms%s",
                m.legs().size() == 1 ? "" : "max ", g, resolution(m))));
        sb.append(", integrity ").append(m.integrity().intact() ? "intact" : "FAILED");
        sb.append(String.format(Locale.ROOT, ", guest %d KiB %s, %s, max-bandwidth %s", m.guestMemoryKb(),
                m.accelerator(), m.workload(), m.maxBandwidthBytesPerSecond() == null ? "QEMU default"
                        : m.maxBandwidthBytesPerSecond() + " B/s"));
        if (r.errorDesc() != null) {
            sb.append(", error: ").append(r.errorDesc());
        }
        return sb.toString();
    }

    /** {@code  (resolution 1.2 ms)}: the largest median beat interval over the legs, or nothing when unknown. */
    private static String resolution(MigrationMeasurement m) {
        return m.heartbeats().stream().map(HeartbeatReport::medianIntervalMs).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().stream()
                .mapToObj(r -> String.format(Locale.ROOT, " (resolution %.1f ms)", r)).findFirst().orElse("");
    }

    /**
     * One row per leg: status, total, downtime (QEMU), STOP to RESUME, guest gap, transferred.
     *
     * @param m the migration
     * @return the table in ms and MiB, then the integrity and boot id / counter lines
     */
    public static String summaryTable(MigrationMeasurement m) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-4s %-10s %9s %12s %15s %14s %15s%n",
                "leg", "status", "total ms", "downtime ms", "STOP>RESUME ms", "guest gap ms", "transferred MiB"));
        for (int i = 0; i < m.legs().size(); i++) {
            MigrationResult r = m.legs().get(i);
            HeartbeatReport hb = i < m.heartbeats().size() ? m.heartbeats().get(i) : null;
            sb.append(String.format(Locale.ROOT, "%-4d %-10s %9s %12s %15s %14s %15s%n", i + 1, r.status(),
                    value(r.totalMs()), value(r.downtimeMs()),
                    r.stopToResumeMs() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.stopToResumeMs()),
                    hb == null ? "-" : String.format(Locale.ROOT, "%.1f", hb.largestGapMs()),
                    r.transferredBytes() == null ? "-" : String.format(Locale.ROOT, "%.1f",
                            r.transferredBytes() / 1048576.0)));
        }
        sb.append("integrity: ").append(m.integrity().intact() ? "intact, " + m.integrity().blocksChecked()
                + " blocks checked" : String.join("; ", m.integrity().failures())).append('\n');
        sb.append("boot id: ").append(m.bootIdBefore()).append(" -> ").append(m.bootIdAfter())
                .append(", counter: ").append(m.counterBefore()).append(" -> ").append(m.counterAfter()).append('\n');
        return sb.toString();
    }

    /**
     * The timeline of one leg as an SVG line chart.
     *
     * @param r     the leg, with its {@code query-migrate} samples and events
     * @param title the chart's title
     * @return a standalone SVG document, ms since the migrate command on the x axis
     */
    public static String timelineSvg(MigrationResult r, String title) {
        List<MigrationSample> samples = r.samples();
        double lastEvent = r.events().stream().mapToDouble(MigrationTimelineEvent::atMs).max().orElse(0);
        double lastSample = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).atMs();
        // the chart runs to the last event (STOP, RESUME come after the last poll), RAM all sent if completed
        int n = samples.size() + (lastEvent > lastSample ? 1 : 0);
        double[] x = new double[n];
        double[] remaining = new double[n];
        double[] expected = new double[n];
        for (int i = 0; i < samples.size(); i++) {
            MigrationSample s = samples.get(i);
            x[i] = s.atMs();
            remaining[i] = s.remainingBytes() == null ? 0 : s.remainingBytes() / 1048576.0;
            expected[i] = s.expectedDowntimeMs() == null ? 0 : s.expectedDowntimeMs();
        }
        if (n > samples.size()) {
            x[n - 1] = lastEvent;
            remaining[n - 1] = r.isCompleted() || n == 1 ? 0 : remaining[n - 2];
            expected[n - 1] = r.isCompleted() || n == 1 ? 0 : expected[n - 2];
        }
        List<SvgChart.Marker> markers = new ArrayList<>();
        for (MigrationTimelineEvent e : r.events()) {
            if ((e.side().equals("source") && e.name().equals("STOP"))
                    || (e.side().equals("destination") && e.name().equals("RESUME"))) {
                markers.add(new SvgChart.Marker(e.side() + " " + e.name(), Math.max(0, e.atMs())));
            }
        }
        return SvgChart.lines(title, "ms since migrate", "MiB / ms", List.of(
                new SvgChart.Series("remaining RAM (MiB)", x, remaining),
                new SvgChart.Series("expected downtime (ms)", x, expected)), markers);
    }

    /**
     * Attaches the summary, each leg's timeline chart and final {@code query-migrate} JSON.
     *
     * @param journal where the attachments go (Allure in tests)
     * @param m       the migration to show
     */
    public static void attach(Journal journal, MigrationMeasurement m) {
        journal.attachText("live migration summary", summaryTable(m));
        for (int i = 0; i < m.legs().size(); i++) {
            String leg = m.legs().size() == 1 ? "" : " (leg " + (i + 1) + ")";
            journal.attach("migration timeline" + leg, "image/svg+xml", "svg",
                    timelineSvg(m.legs().get(i), "live migration of " + m.guest() + leg + ": " + m.legs().get(i)
                            .status()).getBytes(StandardCharsets.UTF_8));
            String json = i < m.finalQueryMigrate().size() ? m.finalQueryMigrate().get(i) : null;
            if (json != null) {
                journal.attach("query-migrate" + leg, "application/json", "json",
                        json.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String value(Long v) {
        return v == null ? "-" : v.toString();
    }
}
