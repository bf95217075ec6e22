package io.kvm4nfv.publish;

import io.kvm4nfv.result.HeartbeatReport;
import io.kvm4nfv.result.IntegrityReport;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationSample;
import io.kvm4nfv.result.MigrationTimelineEvent;
import io.kvm4nfv.result.MigrationVerdict;
import io.kvm4nfv.report.Journal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The measurement's verdict over legs and integrity, and how the report shows it. */
class MigrationReportTest {

    private static MigrationResult leg(long totalMs, long downtimeMs) {
        return MigrationResult.builder("completed").endpoints("unix:/a", "unix:/b", "tcp:127.0.0.1:1")
                .qemuTimes(totalMs, downtimeMs, 3L).wallClockMs(totalMs + 5.0).stopToResumeMs(downtimeMs + 1.5)
                .ramBytes(150L << 20, 268443648L).throughputMbps(600.0).passes(4L).maxDirtyPagesRate(100L)
                .statesAfter("postmigrate", "running")
                .samples(List.of(new MigrationSample(10, "active", 200L << 20, 10L << 20, 300L, 0L, 600.0, 1L),
                        new MigrationSample(400, "active", 1L << 20, 150L << 20, 8L, 10L, 600.0, 3L)))
                .events(List.of(new MigrationTimelineEvent("source", "STOP", 410, null),
                        new MigrationTimelineEvent("destination", "RESUME", 415, null))).build();
    }

    private static MigrationMeasurement measurement(List<MigrationResult> legs, List<Double> gaps,
                                                    IntegrityReport integrity) {
        return new MigrationMeasurement("guest", 262152, "tcg", "IDLE", 10L << 30, 10L, legs.size() / 2, legs,
                gaps.stream().map(g -> new HeartbeatReport(50, 1000, g, 300, 90.0, 0)).toList(),
                legs.stream().map(l -> "{\"return\":{\"status\":\"completed\"}}").toList(), integrity, "b1", "b1",
                3L, 9L);
    }

    @Test
    void everyViolatedBoundOfEveryLegIsListedAndIntegrityOnce() {
        MigrationMeasurement m = measurement(List.of(leg(500, 5), leg(2500, 30)), List.of(8.0, 12.5),
                new IntegrityReport(16, List.of("dyn.1 holds 2 distinct lines (torn or stale pages)")));
        MigrationVerdict v = m.verdict(new io.kvm4nfv.result.MigrationSla(2000.0, 10.0, 10.0, 10.0));
        assertThat(v.violations()).extracting(io.kvm4nfv.result.Violation::subject, io.kvm4nfv.result.Violation::bound)
                .containsExactly(tuple("leg 2/2", "totalMs"), tuple("leg 2/2", "downtimeMs"),
                        tuple("leg 2/2", "stopToResumeMs"), tuple("leg 2/2", "guestGapMs"),
                        tuple("migration", "memoryIntegrity"));
        assertThat(v.describe()).contains("leg 2/2: totalMs 2500 ms > limit 2000 ms",
                "migration: guest memory corrupted after migration (16 blocks checked): dyn.1 holds");
    }

    @Test
    void aLostPageFailsEvenWithinEveryTime() {
        MigrationMeasurement m = measurement(List.of(leg(400, 5)), List.of(6.0),
                new IntegrityReport(16, List.of("dyn.3 at generation 4 after generation 7 (a lost write)")));
        assertThat(m.verdict(io.kvm4nfv.result.MigrationSla.of(2000, 10)).violations()).singleElement()
                .satisfies(v -> assertThat(v.bound()).isEqualTo("memoryIntegrity"));
        assertThat(measurement(List.of(leg(400, 5)), List.of(6.0), new IntegrityReport(16, List.of()))
                .verdict(io.kvm4nfv.result.MigrationSla.of(2000, 10)).passed()).isTrue();
    }

    @Test
    void reportShowsSummaryTimelineAndQueryMigrate() throws Exception {
        MigrationMeasurement m = measurement(List.of(leg(400, 5)), List.of(6.0), new IntegrityReport(16, List.of()));
        assertThat(MigrationReport.oneLine(m)).startsWith("completed, total 400 ms, downtime 5 ms (QEMU), STOP to RESUME "
                + "6.5 ms, guest gap 6.0 ms (resolution 90.0 ms), integrity intact, guest 262152 KiB tcg, IDLE");
        assertThat(MigrationReport.summaryTable(m)).contains("integrity: intact, 16 blocks checked");
        String svg = MigrationReport.timelineSvg(m.last(), "t");
        assertThat(svg).startsWith("<svg").contains("remaining RAM (MiB)", "expected downtime (ms)",
                "source STOP", "destination RESUME");
        List<String> attached = new ArrayList<>();
        MigrationReport.attach(new Journal() {
            @Override
            public <T> T step(String name, Callable<T> body) throws Exception {
                return body.call();
            }

            @Override
            public void attach(String name, String mimeType, String fileExtension, byte[] content) {
                attached.add(name + " " + mimeType + " " + new String(content, StandardCharsets.UTF_8).length());
            }

            @Override
            public void note(String message) {
            }
        }, m);
        assertThat(attached).hasSize(3);
        assertThat(attached.get(1)).startsWith("migration timeline image/svg+xml");
        assertThat(attached.get(2)).startsWith("query-migrate application/json");
    }
}
