package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One live migration as QEMU reported it and as we timed it. Only {@code completed},
 * {@code failed} and {@code cancelled} (when we cancelled) end a migration; a
 * {@code completed} status is not proof the guest survived — check its memory and
 * liveness too (see {@link MigrationVerdict}).
 *
 * <p>Build one with {@link #builder(String)}: a figure QEMU did not report is simply not set.
 * The figures are grouped in {@link Timings}, {@link RamTransfer} and {@link StatesAfter}, but
 * they are written flat (unwrapped) in the results file, and each has its own accessor here.
 *
 * @param status      terminal status: {@code completed}, {@code failed} or {@code cancelled}
 * @param source      what the source monitor is (e.g. {@code unix:/tmp/x/src.sock})
 * @param destination what the destination monitor is
 * @param uri         the migration stream URI ({@code tcp:127.0.0.1:PORT})
 * @param timings     how long it took, by QEMU's figures and ours
 * @param transfer    how much guest RAM went over the stream, and how fast
 * @param errorDesc   QEMU's {@code error-desc} when it failed, else {@code null}
 * @param timedOut    we hit the run's timeout and sent {@code migrate_cancel}
 * @param statesAfter what state each side's VM was in afterwards
 * @param samples     the {@code query-migrate} time series
 * @param events      QMP events of both sides
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationResult(String status, String source, String destination, String uri,
                              @JsonUnwrapped Timings timings, @JsonUnwrapped RamTransfer transfer,
                              String errorDesc, boolean timedOut, @JsonUnwrapped StatesAfter statesAfter,
                              List<MigrationSample> samples, List<MigrationTimelineEvent> events) {

    /** The terminal status of a migration that succeeded. */
    public static final String COMPLETED = "completed";
    /** The terminal status of a migration that failed. */
    public static final String FAILED = "failed";
    /** The terminal status of a migration we cancelled. */
    public static final String CANCELLED = "cancelled";

    /**
     * Checks the status and replaces absent groups and lists by empty ones.
     *
     * @param status      terminal status; not {@code null}
     * @param source      what the source monitor is
     * @param destination what the destination monitor is
     * @param uri         the migration stream URI
     * @param timings     how long it took, or {@code null} for {@link Timings#NONE}
     * @param transfer    RAM sent and how fast, or {@code null} for {@link RamTransfer#NONE}
     * @param errorDesc   QEMU's {@code error-desc}, or {@code null}
     * @param timedOut    whether we cancelled it on the run's timeout
     * @param statesAfter each side's state afterwards, or {@code null} for {@link StatesAfter#UNKNOWN}
     * @param samples     the {@code query-migrate} time series, or {@code null} for none
     * @param events      QMP events of both sides, or {@code null} for none
     * @throws NullPointerException when {@code status} is {@code null}
     */
    public MigrationResult {
        Objects.requireNonNull(status, "status");
        timings = Objects.requireNonNullElse(timings, Timings.NONE);
        transfer = Objects.requireNonNullElse(transfer, RamTransfer.NONE);
        statesAfter = Objects.requireNonNullElse(statesAfter, StatesAfter.UNKNOWN);
        samples = samples == null ? List.of() : List.copyOf(samples);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /**
     * How long a migration took.
     *
     * @param totalMs        QEMU's {@code total-time}, or {@code null}
     * @param downtimeMs     QEMU's {@code downtime} (only after completion), or {@code null}
     * @param setupMs        QEMU's {@code setup-time}, or {@code null}
     * @param wallClockMs    from sending {@code migrate} to seeing the terminal status, timed here
     * @param stopToResumeMs from the source's {@code STOP} event to the destination's {@code RESUME} event
     *                       (QEMU timestamps; meaningful when both run on one host's clock): how long the
     *                       guest ran nowhere, which QEMU's {@code downtime} does not cover; {@code null}
     *                       when either event is missing
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timings(Long totalMs, Long downtimeMs, Long setupMs, double wallClockMs, Double stopToResumeMs) {
        /** No figure reported, not timed. */
        public static final Timings NONE = new Builder("none").timings();
    }

    /**
     * How much guest RAM a migration sent, and how fast.
     *
     * @param transferredBytes  {@code ram.transferred}, or {@code null}
     * @param ramTotalBytes     {@code ram.total}, or {@code null}
     * @param throughputMbps    {@code ram.mbps} at the end, or {@code null}
     * @param passes            {@code ram.dirty-sync-count}, or {@code null}
     * @param maxDirtyPagesRate largest {@code ram.dirty-pages-rate} seen (pages/s), or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RamTransfer(Long transferredBytes, Long ramTotalBytes, Double throughputMbps, Long passes,
                              Long maxDirtyPagesRate) {
        /** No figure reported. */
        public static final RamTransfer NONE = new Builder("none").transfer();
    }

    /**
     * What state each side's VM was in after a migration.
     *
     * @param sourceStateAfter      source {@code query-status} afterwards ({@code postmigrate} when it moved), or
     *                              {@code unreachable}
     * @param destinationStateAfter destination {@code query-status} afterwards ({@code running}), or
     *                              {@code unreachable}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatesAfter(String sourceStateAfter, String destinationStateAfter) {
        /** Neither side was asked. */
        public static final StatesAfter UNKNOWN = new Builder("none").statesAfter();
    }

    /**
     * A migration that ended with {@code status}; set the figures that were reported, then {@link Builder#build()}.
     *
     * @param status the terminal status: {@link #COMPLETED}, {@link #FAILED} or {@link #CANCELLED}
     * @return a builder with no figure set
     * @throws NullPointerException when {@code status} is {@code null}
     */
    public static Builder builder(String status) {
        return new Builder(status);
    }

    /**
     * Whether QEMU reported {@code completed}.
     *
     * @return {@code true} when {@link #status()} is {@link #COMPLETED}
     */
    @JsonIgnore
    public boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    /**
     * QEMU's error text when the migration failed.
     *
     * @return {@link #errorDesc()}, or empty when there is none
     */
    public Optional<String> error() {
        return Optional.ofNullable(errorDesc);
    }

    /**
     * QEMU's {@code total-time}.
     *
     * @return the total time, ms, or {@code null} when not reported
     */
    public Long totalMs() {
        return timings.totalMs();
    }

    /**
     * QEMU's {@code downtime} (only after completion).
     *
     * @return the downtime, ms, or {@code null} when not reported
     */
    public Long downtimeMs() {
        return timings.downtimeMs();
    }

    /**
     * QEMU's {@code setup-time}.
     *
     * @return the setup time, ms, or {@code null} when not reported
     */
    public Long setupMs() {
        return timings.setupMs();
    }

    /**
     * From sending {@code migrate} to seeing the terminal status, timed here.
     *
     * @return the wall-clock time, ms (0 when not timed)
     */
    public double wallClockMs() {
        return timings.wallClockMs();
    }

    /**
     * From the source's {@code STOP} to the destination's {@code RESUME}; see {@link Timings}.
     *
     * @return the pause, ms, or {@code null} when either event is missing
     */
    public Double stopToResumeMs() {
        return timings.stopToResumeMs();
    }

    /**
     * {@code ram.transferred}: guest RAM sent over the stream.
     *
     * @return the bytes, or {@code null} when not reported
     */
    public Long transferredBytes() {
        return transfer.transferredBytes();
    }

    /**
     * {@code ram.total}: the guest RAM to migrate.
     *
     * @return the bytes, or {@code null} when not reported
     */
    public Long ramTotalBytes() {
        return transfer.ramTotalBytes();
    }

    /**
     * {@code ram.mbps} at the end.
     *
     * @return the throughput, Mbit/s, or {@code null} when not reported
     */
    public Double throughputMbps() {
        return transfer.throughputMbps();
    }

    /**
     * {@code ram.dirty-sync-count}: the RAM passes QEMU made.
     *
     * @return the pass count, or {@code null} when not reported
     */
    public Long passes() {
        return transfer.passes();
    }

    /**
     * Largest {@code ram.dirty-pages-rate} seen.
     *
     * @return the rate, pages/s, or {@code null} when never reported
     */
    public Long maxDirtyPagesRate() {
        return transfer.maxDirtyPagesRate();
    }

    /**
     * The source's {@code query-status} afterwards.
     *
     * @return e.g. {@code postmigrate} when the guest moved, {@code unreachable}, or {@code null} when not asked
     */
    public String sourceStateAfter() {
        return statesAfter.sourceStateAfter();
    }

    /**
     * The destination's {@code query-status} afterwards.
     *
     * @return e.g. {@code running}, {@code unreachable}, or {@code null} when not asked
     */
    public String destinationStateAfter() {
        return statesAfter.destinationStateAfter();
    }

    /**
     * Builds a {@link MigrationResult} from the figures that were reported; a figure never set
     * stays absent ({@code null} in the record, omitted from the results file). The setters take
     * boxed numbers so that a figure parsed as "not reported" can be passed through as is.
     */
    public static final class Builder {
        private final String status;
        private String source;
        private String destination;
        private String uri;
        private Long totalMs;
        private Long downtimeMs;
        private Long setupMs;
        private double wallClockMs;
        private Double stopToResumeMs;
        private Long transferredBytes;
        private Long ramTotalBytes;
        private Double throughputMbps;
        private Long passes;
        private Long maxDirtyPagesRate;
        private String errorDesc;
        private boolean timedOut;
        private String sourceStateAfter;
        private String destinationStateAfter;
        private final List<MigrationSample> samples = new ArrayList<>();
        private final List<MigrationTimelineEvent> events = new ArrayList<>();

        private Builder(String status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        /**
         * The two monitors (as {@code describe()}d) and the migration stream URI.
         *
         * @param source      the source monitor, e.g. {@code unix:/tmp/x/src.sock}
         * @param destination the destination monitor
         * @param uri         the migration stream URI, e.g. {@code tcp:127.0.0.1:PORT}
         * @return this builder
         */
        public Builder endpoints(String source, String destination, String uri) {
            this.source = source;
            this.destination = destination;
            this.uri = uri;
            return this;
        }

        /**
         * QEMU's {@code total-time}, {@code downtime} and {@code setup-time}; each may be unreported.
         *
         * @param totalMs    QEMU's {@code total-time}, ms, or {@code null}
         * @param downtimeMs QEMU's {@code downtime}, ms, or {@code null}
         * @param setupMs    QEMU's {@code setup-time}, ms, or {@code null}
         * @return this builder
         */
        public Builder qemuTimes(Long totalMs, Long downtimeMs, Long setupMs) {
            this.totalMs = totalMs;
            this.downtimeMs = downtimeMs;
            this.setupMs = setupMs;
            return this;
        }

        /**
         * From sending {@code migrate} to seeing the terminal status, timed here.
         *
         * @param wallClockMs the time, ms
         * @return this builder
         */
        public Builder wallClockMs(double wallClockMs) {
            this.wallClockMs = wallClockMs;
            return this;
        }

        /**
         * From the source's {@code STOP} to the destination's {@code RESUME}; unset when either event is missing.
         *
         * @param stopToResumeMs the pause between the two events' QEMU timestamps, ms, or {@code null}
         * @return this builder
         */
        public Builder stopToResumeMs(Double stopToResumeMs) {
            this.stopToResumeMs = stopToResumeMs;
            return this;
        }

        /**
         * {@code ram.transferred} and {@code ram.total}; each may be unreported.
         *
         * @param transferredBytes {@code ram.transferred}, bytes, or {@code null}
         * @param ramTotalBytes    {@code ram.total}, bytes, or {@code null}
         * @return this builder
         */
        public Builder ramBytes(Long transferredBytes, Long ramTotalBytes) {
            this.transferredBytes = transferredBytes;
            this.ramTotalBytes = ramTotalBytes;
            return this;
        }

        /**
         * {@code ram.mbps} at the end.
         *
         * @param throughputMbps the last {@code ram.mbps}, Mbit/s, or {@code null}
         * @return this builder
         */
        public Builder throughputMbps(Double throughputMbps) {
            this.throughputMbps = throughputMbps;
            return this;
        }

        /**
         * {@code ram.dirty-sync-count}.
         *
         * @param passes the last {@code ram.dirty-sync-count}, or {@code null}
         * @return this builder
         */
        public Builder passes(Long passes) {
            this.passes = passes;
            return this;
        }

        /**
         * The largest {@code ram.dirty-pages-rate} seen (pages/s).
         *
         * @param maxDirtyPagesRate the largest rate over the samples, pages/s, or {@code null}
         * @return this builder
         */
        public Builder maxDirtyPagesRate(Long maxDirtyPagesRate) {
            this.maxDirtyPagesRate = maxDirtyPagesRate;
            return this;
        }

        /**
         * QEMU's {@code error-desc} (or ours, when a monitor was lost).
         *
         * @param errorDesc the error text, or {@code null} when none
         * @return this builder
         */
        public Builder errorDesc(String errorDesc) {
            this.errorDesc = errorDesc;
            return this;
        }

        /**
         * Whether we hit the run's timeout and sent {@code migrate_cancel}.
         *
         * @param timedOut {@code true} when the migration was cancelled on timeout
         * @return this builder
         */
        public Builder timedOut(boolean timedOut) {
            this.timedOut = timedOut;
            return this;
        }

        /**
         * Each side's {@code query-status} afterwards, or {@code unreachable}.
         *
         * @param sourceStateAfter      the source's status, e.g. {@code postmigrate}
         * @param destinationStateAfter the destination's status, e.g. {@code running}
         * @return this builder
         */
        public Builder statesAfter(String sourceStateAfter, String destinationStateAfter) {
            this.sourceStateAfter = sourceStateAfter;
            this.destinationStateAfter = destinationStateAfter;
            return this;
        }

        /**
         * The {@code query-migrate} time series.
         *
         * @param samples the polls in order; replaces any set before
         * @return this builder
         */
        public Builder samples(List<MigrationSample> samples) {
            this.samples.clear();
            this.samples.addAll(samples);
            return this;
        }

        /**
         * QMP events of both sides.
         *
         * @param events the events in order; replaces any set before
         * @return this builder
         */
        public Builder events(List<MigrationTimelineEvent> events) {
            this.events.clear();
            this.events.addAll(events);
            return this;
        }

        /**
         * Builds the result from the figures set so far.
         *
         * @return the result; figures never set are {@code null}
         */
        public MigrationResult build() {
            return new MigrationResult(status, source, destination, uri, timings(), transfer(), errorDesc, timedOut,
                    statesAfter(), samples, events);
        }

        private Timings timings() {
            return new Timings(totalMs, downtimeMs, setupMs, wallClockMs, stopToResumeMs);
        }

        private RamTransfer transfer() {
            return new RamTransfer(transferredBytes, ramTotalBytes, throughputMbps, passes, maxDirtyPagesRate);
        }

        private StatesAfter statesAfter() {
            return new StatesAfter(sourceStateAfter, destinationStateAfter);
        }
    }
}
