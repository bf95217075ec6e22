package io.kvm4nfv.config;

import java.util.Objects;

/**
 * The lab-specific SLA defaults of a pod: what "good enough" means on this hardware.
 * Test annotations that give no limit take them from here, so the same test class judges
 * a tuned pod (max 15 µs) and a TCG guest on a laptop (max 20 ms) honestly. Every limit
 * is optional ({@code null} = not judged); all numbers are finite and {@code >= 0}.
 *
 * @param action     what a violated bound does: fail the test ({@link SlaAction#ASSERT}, the default)
 *                   or only record and report it ({@link SlaAction#MONITOR})
 * @param cyclictest timer latency limits
 * @param migration  live migration limits
 * @param forwarding packet forwarding limits
 * @param oslat      polling (oslat) latency limits
 */
public record SlaDefaults(SlaAction action, Cyclictest cyclictest, Migration migration, Forwarding forwarding,
                          Oslat oslat) {

    /** No limit at all. */
    public static final SlaDefaults NONE = new SlaDefaults(null, null, null, null, null);

    /**
     * Without oslat limits.
     *
     * @param action     what a violated bound does, or {@code null} for {@link SlaAction#ASSERT}
     * @param cyclictest timer latency limits, or {@code null} for none
     * @param migration  live migration limits, or {@code null} for none
     * @param forwarding packet forwarding limits, or {@code null} for none
     */
    public SlaDefaults(SlaAction action, Cyclictest cyclictest, Migration migration, Forwarding forwarding) {
        this(action, cyclictest, migration, forwarding, null);
    }

    /**
     * Replaces every absent part by its default: {@link SlaAction#ASSERT} and no limits.
     *
     * @param action     what a violated bound does, or {@code null} for {@link SlaAction#ASSERT}
     * @param cyclictest timer latency limits, or {@code null} for none
     * @param migration  live migration limits, or {@code null} for none
     * @param forwarding packet forwarding limits, or {@code null} for none
     * @param oslat      polling latency limits, or {@code null} for none
     */
    public SlaDefaults {
        action = Objects.requireNonNullElse(action, SlaAction.ASSERT);
        cyclictest = Objects.requireNonNullElse(cyclictest, Cyclictest.NONE);
        migration = Objects.requireNonNullElse(migration, Migration.NONE);
        forwarding = Objects.requireNonNullElse(forwarding, Forwarding.NONE);
        oslat = Objects.requireNonNullElse(oslat, Oslat.NONE);
    }

    /**
     * oslat limits in microseconds (over every measured CPU): the jitter a busy-polling thread sees.
     *
     * @param maxUs   highest latency allowed
     * @param avgUs   highest average allowed
     * @param p99Us   highest 99th percentile allowed
     * @param p999Us  highest 99.9th percentile allowed
     * @param p9999Us highest 99.99th percentile allowed
     */
    public record Oslat(Double maxUs, Double avgUs, Double p99Us, Double p999Us, Double p9999Us) {
        /** No limit. */
        public static final Oslat NONE = new Oslat(null, null, null, null, null);

        /**
         * Checks the limits.
         *
         * @param maxUs   highest latency allowed, µs, or {@code null}
         * @param avgUs   highest average allowed, µs, or {@code null}
         * @param p99Us   highest 99th percentile allowed, µs, or {@code null}
         * @param p999Us  highest 99.9th percentile allowed, µs, or {@code null}
         * @param p9999Us highest 99.99th percentile allowed, µs, or {@code null}
         * @throws IllegalArgumentException when a limit is negative or not finite, or {@code avgUs} is
         *                                  above {@code maxUs}
         */
        public Oslat {
            InvalidFieldException.latencyBounds(maxUs, avgUs, "p99Us", p99Us, "p999Us", p999Us, "p9999Us", p9999Us);
        }
    }

    /**
     * cyclictest limits in microseconds (over every measured thread).
     *
     * @param maxUs   highest latency allowed
     * @param avgUs   highest average allowed
     * @param minUs   highest minimum allowed
     * @param p99Us   highest 99th percentile allowed
     * @param p999Us  highest 99.9th percentile allowed
     * @param p9999Us highest 99.99th percentile allowed
     */
    public record Cyclictest(Double maxUs, Double avgUs, Double minUs, Double p99Us, Double p999Us, Double p9999Us) {
        /** No limit. */
        public static final Cyclictest NONE = new Cyclictest(null, null, null, null, null, null);

        /**
         * Without a 99.99th percentile limit.
         *
         * @param maxUs  highest latency allowed, µs, or {@code null}
         * @param avgUs  highest average allowed, µs, or {@code null}
         * @param minUs  highest minimum allowed, µs, or {@code null}
         * @param p99Us  highest 99th percentile allowed, µs, or {@code null}
         * @param p999Us highest 99.9th percentile allowed, µs, or {@code null}
         */
        public Cyclictest(Double maxUs, Double avgUs, Double minUs, Double p99Us, Double p999Us) {
            this(maxUs, avgUs, minUs, p99Us, p999Us, null);
        }

        /**
         * Checks the limits.
         *
         * @param maxUs   highest latency allowed, µs, or {@code null}
         * @param avgUs   highest average allowed, µs, or {@code null}
         * @param minUs   highest minimum allowed, µs, or {@code null}
         * @param p99Us   highest 99th percentile allowed, µs, or {@code null}
         * @param p999Us  highest 99.9th percentile allowed, µs, or {@code null}
         * @param p9999Us highest 99.99th percentile allowed, µs, or {@code null}
         * @throws IllegalArgumentException when a limit is negative or not finite, or {@code avgUs} is
         *                                  above {@code maxUs}
         */
        public Cyclictest {
            InvalidFieldException.latencyBounds(maxUs, avgUs, "minUs", minUs, "p99Us", p99Us, "p999Us", p999Us, "p9999Us", p9999Us);
        }
    }

    /**
     * Live migration limits in milliseconds, each named for what it measures.
     *
     * @param maxTotalMs        highest total migration time allowed (QEMU's {@code total-time})
     * @param maxDowntimeMs     highest downtime allowed, as QEMU reports it (KVM4NFV's definition)
     * @param maxStopToResumeMs highest pause from the source's {@code STOP} to the destination's {@code RESUME}
     * @param maxGuestGapMs     highest guest-visible silence (the largest gap between the guest's heartbeats)
     */
    public record Migration(Double maxTotalMs, Double maxDowntimeMs, Double maxStopToResumeMs, Double maxGuestGapMs) {
        /** No limit. */
        public static final Migration NONE = new Migration(null, null, null, null);

        /**
         * Total time and QEMU's downtime only.
         *
         * @param maxTotalMs    highest total migration time allowed, ms, or {@code null}
         * @param maxDowntimeMs highest downtime allowed as QEMU reports it, ms, or {@code null}
         */
        public Migration(Double maxTotalMs, Double maxDowntimeMs) {
            this(maxTotalMs, maxDowntimeMs, null, null);
        }

        /**
         * Checks the limits.
         *
         * @param maxTotalMs        highest total migration time allowed, ms, or {@code null}
         * @param maxDowntimeMs     highest downtime allowed as QEMU reports it, ms, or {@code null}
         * @param maxStopToResumeMs highest {@code STOP} to {@code RESUME} pause allowed, ms, or {@code null}
         * @param maxGuestGapMs     highest gap between guest heartbeats allowed, ms, or {@code null}
         * @throws IllegalArgumentException when a limit is negative or not finite
         */
        public Migration {
            InvalidFieldException.nonNegative("maxTotalMs", maxTotalMs);
            InvalidFieldException.nonNegative("maxDowntimeMs", maxDowntimeMs);
            InvalidFieldException.nonNegative("maxStopToResumeMs", maxStopToResumeMs);
            InvalidFieldException.nonNegative("maxGuestGapMs", maxGuestGapMs);
        }
    }

    /**
     * Packet forwarding limits.
     *
     * @param maxAvgLatencyUs   highest average latency allowed, µs
     * @param maxLatencyUs      highest latency allowed, µs
     * @param minThroughputMbps lowest received throughput accepted, Mbit/s
     * @param maxLossPercent    highest frame loss allowed, percent (0-100)
     */
    public record Forwarding(Double maxAvgLatencyUs, Double maxLatencyUs, Double minThroughputMbps,
                             Double maxLossPercent) {
        /** No limit. */
        public static final Forwarding NONE = new Forwarding(null, null, null, null);

        /**
         * Checks the limits.
         *
         * @param maxAvgLatencyUs   highest average latency allowed, µs, or {@code null}
         * @param maxLatencyUs      highest latency allowed, µs, or {@code null}
         * @param minThroughputMbps lowest received throughput accepted, Mbit/s, or {@code null}
         * @param maxLossPercent    highest frame loss allowed, percent (0-100), or {@code null}
         * @throws IllegalArgumentException when a limit is negative or not finite, or the loss exceeds 100
         */
        public Forwarding {
            InvalidFieldException.nonNegative("maxAvgLatencyUs", maxAvgLatencyUs);
            InvalidFieldException.nonNegative("maxLatencyUs", maxLatencyUs);
            InvalidFieldException.nonNegative("minThroughputMbps", minThroughputMbps);
            InvalidFieldException.nonNegative("maxLossPercent", maxLossPercent);
            if (maxLossPercent != null && maxLossPercent > 100) {
                throw new InvalidFieldException("maxLossPercent", "is a percentage 0-100, got " + maxLossPercent);
            }
        }
    }
}
