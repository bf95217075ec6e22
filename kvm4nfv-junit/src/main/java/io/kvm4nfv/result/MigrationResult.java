package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One live migration as QEMU reported it and as we timed it. Only {@code completed},
 * {@code failed} and {@code cancelled} (when we cancelled) end a migration; a
 * {@code completed} status is not proof the guest survived — check its memory and
 * liveness too (see {@link MigrationVerdict}).
 *
 * @param status                 terminal status: {@code completed}, {@code failed} or {@code cancelled}
 * @param source                 what the source monitor is (e.g. {@code unix:/tmp/x/src.sock})
 * @param destination            what the destination monitor is
 * @param uri                    the migration stream URI ({@code tcp:127.0.0.1:PORT})
 * @param totalMs                QEMU's {@code total-time}, or {@code null}
 * @param downtimeMs             QEMU's {@code downtime} (only after completion), or {@code null}
 * @param setupMs                QEMU's {@code setup-time}, or {@code null}
 * @param wallClockMs            from sending {@code migrate} to seeing the terminal status, timed here
 * @param stopToResumeMs         from the source's {@code STOP} event to the destination's {@code RESUME} event
 *                               (QEMU timestamps; meaningful when both run on one host's clock): how long the
 *                               guest ran nowhere, which QEMU's {@code downtime} does not cover; {@code null}
 *                               when either event is missing
 * @param transferredBytes       {@code ram.transferred}, or {@code null}
 * @param ramTotalBytes          {@code ram.total}, or {@code null}
 * @param throughputMbps         {@code ram.mbps} at the end, or {@code null}
 * @param passes                 {@code ram.dirty-sync-count}, or {@code null}
 * @param maxDirtyPagesRate      largest {@code ram.dirty-pages-rate} seen (pages/s), or {@code null}
 * @param errorDesc              QEMU's {@code error-desc} when it failed, else {@code null}
 * @param timedOut               we hit the run's timeout and sent {@code migrate_cancel}
 * @param sourceStateAfter       source {@code query-status} afterwards ({@code postmigrate} when it moved), or
 *                               {@code unreachable}
 * @param destinationStateAfter  destination {@code query-status} afterwards ({@code running}), or {@code unreachable}
 * @param samples                the {@code query-migrate} time series
 * @param events                 QMP events of both sides
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationResult(String status, String source, String destination, String uri,
                              Long totalMs, Long downtimeMs, Long setupMs, double wallClockMs, Double stopToResumeMs,
                              Long transferredBytes, Long ramTotalBytes, Double throughputMbps, Long passes,
                              Long maxDirtyPagesRate, String errorDesc, boolean timedOut,
                              String sourceStateAfter, String destinationStateAfter,
                              List<MigrationSample> samples, List<MigrationTimelineEvent> events) {

    /** The terminal status of a migration that succeeded. */
    public static final String COMPLETED = "completed";
    /** The terminal status of a migration that failed. */
    public static final String FAILED = "failed";
    /** The terminal status of a migration we cancelled. */
    public static final String CANCELLED = "cancelled";

    public MigrationResult {
        Objects.requireNonNull(status, "status");
        samples = samples == null ? List.of() : List.copyOf(samples);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Whether QEMU reported {@code completed}. */
    @JsonIgnore
    public boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    /** QEMU's error text when the migration failed. */
    public Optional<String> error() {
        return Optional.ofNullable(errorDesc);
    }
}
