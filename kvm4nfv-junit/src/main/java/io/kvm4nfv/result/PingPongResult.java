package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A ping-pong run: the VM migrated back and forth (A to B, B to A, ...), one result per leg,
 * in order. A run stops at the first leg that does not complete.
 *
 * @param roundTrips round trips requested
 * @param legs       every leg run, in order
 */
public record PingPongResult(int roundTrips, List<MigrationResult> legs) {

    public PingPongResult {
        legs = List.copyOf(Objects.requireNonNull(legs, "legs"));
    }

    /** Whether all requested legs ran and completed. */
    @JsonIgnore
    public boolean isCompleted() {
        return legs.size() == Math.max(1, 2 * roundTrips) && legs.stream().allMatch(MigrationResult::isCompleted);
    }

    /** The largest QEMU total time over the legs. */
    public OptionalLong maxTotalMs() {
        return legs.stream().filter(l -> l.totalMs() != null).mapToLong(MigrationResult::totalMs).max();
    }

    /** The largest QEMU downtime over the legs. */
    public OptionalLong maxDowntimeMs() {
        return legs.stream().filter(l -> l.downtimeMs() != null).mapToLong(MigrationResult::downtimeMs).max();
    }
}
