package io.kvm4nfv.publish;

import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationSample;
import io.kvm4nfv.result.MigrationTimelineEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results file's JSON of a live migration, pinned byte for byte as it was written before
 * {@link MigrationResult} grouped its figures: dashboards and tools read these names in this
 * order and this nesting (none), so how the record is built in Java must not show in it.
 */
class MigrationResultJsonTest {

    /** As written by the flat 20-component record, for {@link PublishFixtures#migration()}. */
    private static final String MEASUREMENT_JSON = "{\"guest\":\"guest\",\"guestMemoryKb\":262152,\"accelerator\":\"tcg\",\"workload\":\"IDLE\",\"maxBandwidthBytes"
                + "PerSecond\":10737418240,\"downtimeLimitMs\":10,\"pingPongRoundTrips\":1,\"legs\":[{\"status\":\"completed\""
                + ",\"source\":\"unix:/a\",\"destination\":\"unix:/b\",\"uri\":\"tcp:127.0.0.1:1\",\"totalMs\":430,\"downtimeMs\":6"
                + ",\"setupMs\":3,\"wallClockMs\":441.5,\"stopToResumeMs\":12.25,\"transferredBytes\":157286400,\"ramTotalBy"
                + "tes\":268443648,\"throughputMbps\":560.5,\"passes\":4,\"maxDirtyPagesRate\":100,\"timedOut\":false,\"sourc"
                + "eStateAfter\":\"postmigrate\",\"destinationStateAfter\":\"running\",\"samples\":[],\"events\":[]},{\"status\""
                + ":\"failed\",\"source\":\"unix:/b\",\"destination\":\"unix:/a\",\"uri\":\"tcp:127.0.0.1:2\",\"totalMs\":1200,\"set"
                + "upMs\":2,\"wallClockMs\":1210.0,\"transferredBytes\":1048576,\"ramTotalBytes\":268443648,\"errorDesc\":\"U"
                + "nable to write\",\"timedOut\":false,\"sourceStateAfter\":\"running\",\"destinationStateAfter\":\"unreachab"
                + "le\",\"samples\":[],\"events\":[]}],\"heartbeats\":[{\"beats\":50,\"windowMs\":1000.0,\"largestGapMs\":266.0,"
                + "\"largestGapStartMs\":300.0,\"medianIntervalMs\":90.0,\"missingSequence\":0},{\"beats\":40,\"windowMs\":15"
                + "00.0,\"largestGapMs\":301.5,\"largestGapStartMs\":200.0,\"medianIntervalMs\":91.0,\"missingSequence\":1}"
                + "],\"finalQueryMigrate\":[],\"integrity\":{\"blocksChecked\":16,\"failures\":[]},\"bootIdBefore\":\"b1\",\"boo"
                + "tIdAfter\":\"b1\",\"counterBefore\":3,\"counterAfter\":9}";

    /** As written by the flat 20-component record, for {@link #cancelled()}. */
    private static final String CANCELLED_JSON = "{\"status\":\"cancelled\",\"source\":\"unix:/a\",\"destination\":\"unix:/b\",\"uri\":\"tcp:127.0.0.1:1\",\"totalM"
                + "s\":5000,\"setupMs\":3,\"wallClockMs\":5010.5,\"transferredBytes\":157286400,\"ramTotalBytes\":268443648,"
                + "\"throughputMbps\":600.0,\"passes\":4,\"maxDirtyPagesRate\":100,\"errorDesc\":\"cancelled by us\",\"timedOu"
                + "t\":true,\"sourceStateAfter\":\"running\",\"destinationStateAfter\":\"inmigrate\",\"samples\":[{\"atMs\":10.0"
                + ",\"status\":\"active\",\"remainingBytes\":209715200,\"transferredBytes\":10485760,\"expectedDowntimeMs\":3"
                + "00,\"dirtyPagesRate\":0,\"mbps\":600.0,\"dirtySyncCount\":1}],\"events\":[{\"side\":\"source\",\"name\":\"MIGRA"
                + "TION\",\"atMs\":1.5,\"detail\":\"active\"},{\"side\":\"destination\",\"name\":\"RESUME\",\"atMs\":415.0}]}";

    /** A cancelled leg with every kind of figure: an error, a timeout, no downtime, samples and events. */
    private static MigrationResult cancelled() {
        return MigrationResult.builder("cancelled").endpoints("unix:/a", "unix:/b", "tcp:127.0.0.1:1")
                .qemuTimes(5000L, null, 3L).wallClockMs(5010.5).ramBytes(150L << 20, 268443648L).throughputMbps(600.0)
                .passes(4L).maxDirtyPagesRate(100L).errorDesc("cancelled by us").timedOut(true)
                .statesAfter("running", "inmigrate")
                .samples(List.of(new MigrationSample(10, "active", 200L << 20, 10L << 20, 300L, 0L, 600.0, 1L)))
                .events(List.of(new MigrationTimelineEvent("source", "MIGRATION", 1.5, "active"),
                        new MigrationTimelineEvent("destination", "RESUME", 415, null))).build();
    }

    @Test
    void aMigrationMeasurementSerialisesExactlyAsBefore() throws Exception {
        MigrationMeasurement m = PublishFixtures.migration();
        assertThat(ResultsFile.JSON.writeValueAsString(m)).isEqualTo(MEASUREMENT_JSON);
        assertThat(ResultsFile.JSON.readValue(MEASUREMENT_JSON, MigrationMeasurement.class)).isEqualTo(m);
    }

    @Test
    void aCancelledLegWithSamplesAndEventsSerialisesExactlyAsBefore() throws Exception {
        MigrationResult r = cancelled();
        assertThat(ResultsFile.JSON.writeValueAsString(r)).isEqualTo(CANCELLED_JSON);
        assertThat(ResultsFile.JSON.readValue(CANCELLED_JSON, MigrationResult.class)).isEqualTo(r);
    }
}
