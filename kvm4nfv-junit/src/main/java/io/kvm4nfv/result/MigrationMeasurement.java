package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A live migration measured twice — by QEMU ({@link MigrationResult} per leg) and by the guest
 * (a heartbeat timed on the host per leg) — with the guest's memory and liveness checked
 * afterwards: integrity blocks written before and during the move, the same boot id, and a
 * counter in guest memory that still advances.
 *
 * @param guest                      the guest's name
 * @param guestMemoryKb              the guest's RAM as given to QEMU, KiB
 * @param accelerator                {@code tcg} or {@code kvm}
 * @param workload                   what the guest did meanwhile (e.g. {@code IDLE}, {@code FORWARDING_LIKE 4 MiB at 100 MiB/s})
 * @param maxBandwidthBytesPerSecond QEMU's {@code max-bandwidth} used, or {@code null} for QEMU's default
 * @param downtimeLimitMs            QEMU's {@code downtime-limit} used, or {@code null} for QEMU's default
 * @param pingPongRoundTrips         round trips requested (0: one migration)
 * @param legs                       every migration leg, in order (stops at the first that did not complete)
 * @param heartbeats                 the heartbeat over each leg (same order), or empty when not measured
 * @param finalQueryMigrate          the raw final {@code query-migrate} JSON of each leg's source ({@code null} entries
 *                                   when it could not be read)
 * @param integrity                  memory and liveness check after the last leg (boot id and counter failures
 *                                   are listed among its failures)
 * @param bootIdBefore               guest boot id before
 * @param bootIdAfter                guest boot id after, or {@code null} when the guest did not answer
 * @param counterBefore              the guest counter before (integrity writer generation)
 * @param counterAfter               the guest counter after, or {@code null} when unreadable
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationMeasurement(String guest, long guestMemoryKb, String accelerator, String workload,
                                   Long maxBandwidthBytesPerSecond, Long downtimeLimitMs, int pingPongRoundTrips,
                                   List<MigrationResult> legs, List<HeartbeatReport> heartbeats,
                                   List<String> finalQueryMigrate, IntegrityReport integrity,
                                   String bootIdBefore, String bootIdAfter, Long counterBefore, Long counterAfter) {

    /**
     * Checks the required components and copies the lists.
     *
     * @param guest                      the guest's name; not {@code null}
     * @param guestMemoryKb              the guest's RAM, KiB
     * @param accelerator                {@code tcg} or {@code kvm}
     * @param workload                   what the guest did meanwhile
     * @param maxBandwidthBytesPerSecond QEMU's {@code max-bandwidth}, bytes/s, or {@code null} for the default
     * @param downtimeLimitMs            QEMU's {@code downtime-limit}, ms, or {@code null} for the default
     * @param pingPongRoundTrips         round trips requested (0: one migration)
     * @param legs                       every leg run, in order; at least one
     * @param heartbeats                 the heartbeat of each leg, or {@code null} when not measured
     * @param finalQueryMigrate          the raw final {@code query-migrate} JSON of each leg (entries may be
     *                                   {@code null}), or {@code null} for none
     * @param integrity                  the memory and liveness check; not {@code null}
     * @param bootIdBefore               guest boot id before
     * @param bootIdAfter                guest boot id after, or {@code null}
     * @param counterBefore              the guest counter before
     * @param counterAfter               the guest counter after, or {@code null}
     * @throws IllegalArgumentException when {@code legs} is empty
     * @throws NullPointerException     when {@code guest}, {@code legs} or {@code integrity} is {@code null}
     */
    public MigrationMeasurement {
        Objects.requireNonNull(guest, "guest");
        legs = List.copyOf(Objects.requireNonNull(legs, "legs"));
        if (legs.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one leg");
        }
        heartbeats = heartbeats == null ? List.of() : List.copyOf(heartbeats);
        finalQueryMigrate = finalQueryMigrate == null ? List.of()
                : java.util.Collections.unmodifiableList(new ArrayList<>(finalQueryMigrate));
        Objects.requireNonNull(integrity, "integrity");
    }

    /**
     * The last leg run.
     *
     * @return the last leg (the only one of a single migration)
     */
    @JsonIgnore
    public MigrationResult last() {
        return legs.get(legs.size() - 1);
    }

    /**
     * The legs as a ping-pong result.
     *
     * @return a {@link PingPongResult} of {@link #pingPongRoundTrips()} and {@link #legs()}
     */
    @JsonIgnore
    public PingPongResult pingPong() {
        return new PingPongResult(pingPongRoundTrips, legs);
    }

    /**
     * Whether every requested leg ran and completed.
     *
     * @return {@code true} when QEMU reported every requested leg {@code completed}
     */
    @JsonIgnore
    public boolean isCompleted() {
        return pingPong().isCompleted();
    }

    /**
     * The largest heartbeat gap over all legs.
     *
     * @return the gap, ms, or empty when no heartbeat was measured
     */
    @JsonIgnore
    public OptionalDouble maxHeartbeatGapMs() {
        return heartbeats.stream().mapToDouble(HeartbeatReport::largestGapMs).max();
    }

    /**
     * Judges every leg (status, total, QEMU's downtime, STOP to RESUME, guest gap: each bound
     * that {@code sla} sets) and the integrity once, listing every violation; with more than one
     * leg each leg's violations say which leg.
     *
     * @param sla the bounds to judge against (unset ones are not judged)
     * @return the verdict listing every violation, empty when the measurement passed
     */
    public MigrationVerdict verdict(MigrationSla sla) {
        List<Violation> all = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
            HeartbeatReport hb = i < heartbeats.size() ? heartbeats.get(i) : null;
            for (Violation v : MigrationVerdict.judge(sla, legs.get(i), hb, null).violations()) {
                all.add(legs.size() == 1 ? v : v.withSubject("leg " + (i + 1) + "/" + legs.size()));
            }
        }
        MigrationVerdict.judge(MigrationSla.NONE, last(), null, integrity).violations().stream()
                .filter(v -> v.bound().equals("memoryIntegrity")).forEach(all::add);
        return new MigrationVerdict(all);
    }
}
