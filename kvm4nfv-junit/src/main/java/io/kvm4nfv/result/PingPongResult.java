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

    /**
     * Copies the legs.
     *
     * @param roundTrips round trips requested (0: a single migration)
     * @param legs       every leg run, in order; not {@code null}
     * @throws NullPointerException when {@code legs} is {@code null}
     */
    public PingPongResult {
        legs = List.copyOf(Objects.requireNonNull(legs, "legs"));
    }

    /**
     * Whether all requested legs ran and completed.
     *
     * @return {@code true} when there are {@code 2 * roundTrips} legs (one for 0 round trips) and each completed
     */
    @JsonIgnore
    public boolean isCompleted() {
        return legs.size() == Math.max(1, 2 * roundTrips) && legs.stream().allMatch(MigrationResult::isCompleted);
    }

    /**
     * The largest QEMU total time over the legs.
     *
     * @return the time, ms, or empty when no leg reported one
     */
    public OptionalLong maxTotalMs() {
        return legs.stream().filter(l -> l.totalMs() != null).mapToLong(MigrationResult::totalMs).max();
    }

    /**
     * The largest QEMU downtime over the legs.
     *
     * @return the downtime, ms, or empty when no leg reported one
     */
    public OptionalLong maxDowntimeMs() {
        return legs.stream().filter(l -> l.downtimeMs() != null).mapToLong(MigrationResult::downtimeMs).max();
    }
}
