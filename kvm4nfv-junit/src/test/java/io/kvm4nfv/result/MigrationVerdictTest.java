package io.kvm4nfv.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationVerdictTest {

    private static MigrationResult completed(long totalMs, long downtimeMs) {
        return MigrationResult.builder("completed").endpoints("unix:/tmp/a.sock", "unix:/tmp/b.sock", "tcp:127.0.0.1:1")
                .qemuTimes(totalMs, downtimeMs, 3L).wallClockMs(totalMs + 20.5).stopToResumeMs(downtimeMs + 0.5)
                .ramBytes(1000L, 268976128L).throughputMbps(900.5).passes(3L).maxDirtyPagesRate(120L)
                .statesAfter("postmigrate", "running")
                .samples(List.of(new MigrationSample(12.5, "active", 100L, 5L, 300L, 0L, 1.25, 1L)))
                .events(List.of(new MigrationTimelineEvent("source", "MIGRATION", 1.5, "active"))).build();
    }

    private static HeartbeatReport heartbeat(double gapMs) {
        return new HeartbeatReport(100, 1000, gapMs, 400, 1.0, 0);
    }

    /** KVM4NFV's SLA: total and QEMU's downtime. */
    private static final MigrationSla MISSION = MigrationSla.of(2000, 10);
    /** Every bound set. */
    private static MigrationSla all(double total, double downtime, double stopToResume, double guestGap) {
        return new MigrationSla(total, downtime, stopToResume, guestGap);
    }

    @Test
    void withinEveryBoundPasses() {
        MigrationVerdict v = MigrationVerdict.judge(all(2000, 10, 11, 9.6), completed(430, 6), heartbeat(9.5),
                new IntegrityReport(12, List.of()));
        assertThat(v.passed()).isTrue();
        assertThat(v.describe()).isEmpty();
    }

    @Test
    void eachBoundJudgesItsOwnFigureOnly() {
        // completed(430, 10): QEMU's downtime 10 ms, paused 10.5 ms from STOP to RESUME; the guest was silent 300 ms
        MigrationResult r = completed(430, 10);
        assertThat(MigrationVerdict.judge(MISSION, r, heartbeat(300), null).passed())
                .as("the mission's SLA bounds QEMU's downtime, not the STOP to RESUME pause or the guest gap").isTrue();
        assertThat(MigrationVerdict.judge(new MigrationSla(null, null, 10.4, null), r, heartbeat(300), null)
                .violations()).extracting(Violation::bound).containsExactly("stopToResumeMs");
        assertThat(MigrationVerdict.judge(new MigrationSla(null, null, null, 299.5), r, heartbeat(300), null)
                .violations()).extracting(Violation::bound).containsExactly("guestGapMs");
        assertThat(MigrationVerdict.judge(MigrationSla.NONE, completed(999_999, 999), heartbeat(9999), null).passed())
                .as("an unset bound is not judged").isTrue();
    }

    @Test
    void fractionalBoundsAreNotTruncated() {
        // 10 ms downtime against a 9.5 ms bound fails; truncating the bound to 9 or rounding it to 10 would differ
        assertThat(MigrationVerdict.judge(MigrationSla.of(2000, 9.5), completed(430, 10), null, null).passed()).isFalse();
        assertThat(MigrationVerdict.judge(all(2000, 10.5, 10.5, 10.5), completed(430, 10), heartbeat(10.4), null)
                .passed()).isTrue();
        assertThat(MigrationVerdict.judge(all(2000, 10.5, 10.4, 10.5), completed(430, 10), null, null).violations())
                .extracting(Violation::bound).containsExactly("stopToResumeMs");
        assertThat(MigrationVerdict.judge(all(2000, 10.5, 10.5, 10.5), completed(430, 10), heartbeat(10.6), null)
                .passed()).isFalse();
    }

    @Test
    void listsEveryViolatedBoundWithTheGuestGapsResolution() {
        MigrationVerdict v = MigrationVerdict.judge(all(2000, 10, 10, 10), completed(2500, 40), heartbeat(55),
                new IntegrityReport(12, List.of("dyn.3 holds 2 distinct lines (torn or stale pages)")));
        assertThat(v.violations()).extracting(Violation::bound).containsExactly("totalMs", "downtimeMs",
                "stopToResumeMs", "guestGapMs", "memoryIntegrity");
        assertThat(v.describe()).contains("migration: totalMs 2500 ms > limit 2000 ms")
                .contains("migration: downtimeMs 40 ms > limit 10 ms (QEMU's downtime)")
                .contains("migration: guestGapMs 55 ms > limit 10 ms (the guest's heartbeat was silent that long; "
                        + "resolution 1.00 ms)")
                .contains("migration: guest memory corrupted after migration (12 blocks checked): dyn.3");
    }

    @Test
    void aLongPauseBetweenStopAndResumeFailsItsBoundEvenWhenQemuDowntimeIsSmall() {
        MigrationResult r = MigrationResult.builder("completed").endpoints("s", "d", "u").qemuTimes(1035L, 8L, 3L)
                .wallClockMs(1057).stopToResumeMs(926.0).ramBytes(10L, 20L).throughputMbps(1.0).passes(4L)
                .statesAfter("postmigrate", "running").build();
        MigrationVerdict v = MigrationVerdict.judge(all(2000, 10, 10, 1000), r, null, null);
        assertThat(v.violations()).extracting(Violation::bound).containsExactly("stopToResumeMs");
        assertThat(v.describe()).isEqualTo("migration: stopToResumeMs 926 ms > limit 10 ms "
                + "(the guest was paused from the source's STOP to the destination's RESUME)");
    }

    @Test
    void theSlaSaysWhichBoundsWereJudged() {
        assertThat(MISSION.judged()).containsExactly("maxTotalMs", "maxDowntimeMs");
        assertThat(MISSION.describe()).isEqualTo("total <= 2000 ms, downtime (QEMU) <= 10 ms; not judged: "
                + "STOP to RESUME, guest gap");
        assertThat(all(2000, 10, 150.5, 2000).describe()).isEqualTo("total <= 2000 ms, downtime (QEMU) <= 10 ms, "
                + "STOP to RESUME <= 150.5 ms, guest gap <= 2000 ms");
        assertThat(MigrationSla.NONE.describe()).startsWith("no bound judged");
    }

    @Test
    void corruptedMemoryFailsWhateverTheTimings() {
        MigrationVerdict v = MigrationVerdict.judge(MISSION, completed(100, 1), heartbeat(2),
                new IntegrityReport(12, List.of("static.1 checksum changed")));
        assertThat(v.passed()).isFalse();
        assertThat(v.violations()).singleElement().extracting(Violation::bound).isEqualTo("memoryIntegrity");
        assertThat(MigrationVerdict.judge(MigrationSla.NONE, completed(100, 1), null, new IntegrityReport(0, List.of()))
                .passed()).as("nothing checked is not proof").isFalse();
    }

    @Test
    void aFailedMigrationIsAViolationWithQemuText() {
        MigrationResult failed = MigrationResult.builder("failed").endpoints("s", "d", "u").qemuTimes(900L, null, 3L)
                .wallClockMs(950).ramBytes(10L, 20L).throughputMbps(1.0).passes(1L)
                .errorDesc("Unable to write to socket: Connection reset by peer").statesAfter("running", "unreachable")
                .build();
        MigrationVerdict v = MigrationVerdict.judge(MISSION, failed, null, null);
        assertThat(v.violations()).extracting(Violation::bound).containsExactly("status");
        assertThat(v.describe())
                .isEqualTo("migration: QEMU reports status 'failed': Unable to write to socket: Connection reset by peer");
    }

    @Test
    void resultSerialisesNumbersAsNumbersAndOmitsNulls() throws Exception {
        ObjectMapper json = new ObjectMapper();
        MigrationResult r = completed(430, 6);
        JsonNode n = json.valueToTree(r);
        assertThat(n.get("totalMs").isIntegralNumber()).isTrue();
        assertThat(n.get("downtimeMs").asLong()).isEqualTo(6);
        assertThat(n.get("wallClockMs").isDouble()).isTrue();
        assertThat(n.get("throughputMbps").isDouble()).isTrue();
        assertThat(n.has("errorDesc")).isFalse();
        assertThat(n.has("completed")).isFalse();
        assertThat(n.get("samples").get(0).get("remainingBytes").isIntegralNumber()).isTrue();
        assertThat(n.get("events").get(0).get("atMs").asDouble()).isEqualTo(1.5);
        assertThat(json.readValue(json.writeValueAsString(r), MigrationResult.class)).isEqualTo(r);
        PingPongResult pp = new PingPongResult(1, List.of(r, completed(500, 8)));
        assertThat(pp.isCompleted()).isTrue();
        assertThat(pp.maxDowntimeMs()).hasValue(8);
        assertThat(json.readValue(json.writeValueAsString(pp), PingPongResult.class)).isEqualTo(pp);
    }
}
