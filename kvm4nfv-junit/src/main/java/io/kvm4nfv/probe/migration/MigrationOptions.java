package io.kvm4nfv.probe.migration;

import io.kvm4nfv.result.MigrationSla;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to run and judge one live migration (the plain-Java counterpart of {@code @LiveMigration}).
 *
 * @param destination                 where the stream goes (same host or a second one)
 * @param downtimeLimitMs             QEMU's {@code downtime-limit} in ms, or {@code null} for QEMU's default (300)
 * @param maxBandwidthBytesPerSecond  QEMU's {@code max-bandwidth} in bytes/s, or {@code null} for QEMU's default
 *                                    (128 MiB/s)
 * @param capabilities                capabilities to enable besides {@code events}
 * @param multifdChannels             {@code multifd-channels} when {@link MigrationCapability#MULTIFD} is on,
 *                                    else ignored (must be >= 1)
 * @param workload                    what the guest does meanwhile
 * @param pingPongRoundTrips          round trips (A to B to A) of a ping-pong run; 0 for a single migration
 * @param timeout                     how long one migration may take before {@code migrate_cancel}
 * @param pollInterval                how often {@code query-migrate} is polled (10..1000 ms)
 * @param sla                         the bounds it is judged against (default: KVM4NFV's total 2000 ms and
 *                                    QEMU downtime 10 ms; STOP to RESUME and guest gap not judged)
 * @param toHost                      the pod's host node the guest migrates to, or {@code null}: its own
 *                                    host (KVM4NFV's local live migration); with a ping-pong run the legs
 *                                    alternate between the guest's host and this one
 * @param preallocateDestination      whether the incoming twin allocates all its RAM when it starts
 *                                    ({@code -mem-prealloc}), before the migration clock runs, as a guest on
 *                                    preallocated huge pages does; {@code false} (the default): the twin is the
 *                                    source's command line plus {@code -incoming defer}, and the destination's
 *                                    first touch of its memory happens inside the migration
 */
public record MigrationOptions(MigrationDestination destination, Long downtimeLimitMs,
                               Long maxBandwidthBytesPerSecond, Set<MigrationCapability> capabilities,
                               int multifdChannels, Workload workload, int pingPongRoundTrips, Duration timeout,
                               Duration pollInterval, MigrationSla sla, String toHost,
                               boolean preallocateDestination) {

    /** Default SLA on total migration time. */
    public static final double DEFAULT_MAX_TOTAL_MS = 2000;
    /** Default SLA on downtime. */
    public static final double DEFAULT_MAX_DOWNTIME_MS = 10;
    /** Default migration timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@code query-migrate} poll interval. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(25);

    /**
     * Checks the options; {@code null} or empty capabilities become an empty set.
     *
     * @param destination                where the stream goes
     * @param downtimeLimitMs            QEMU's {@code downtime-limit} in milliseconds ({@code >= 1}), or {@code null}
     * @param maxBandwidthBytesPerSecond QEMU's {@code max-bandwidth} in bytes per second ({@code >= 1}), or {@code null}
     * @param capabilities               capabilities to enable besides {@code events}, or {@code null} for none
     * @param multifdChannels            {@code multifd-channels} (1..255) with multifd, else ignored
     * @param workload                   what the guest does meanwhile
     * @param pingPongRoundTrips         round trips of a ping-pong run, {@code >= 0}
     * @param timeout                    how long one migration may take before {@code migrate_cancel}
     * @param pollInterval               how often {@code query-migrate} is polled (10..1000 ms)
     * @param sla                        the bounds the migration is judged against
     * @param toHost                     the pod's host node to migrate to, or {@code null} for the guest's own
     * @param preallocateDestination     whether the incoming twin preallocates its RAM ({@code -mem-prealloc})
     * @throws IllegalArgumentException when a mandatory component is missing or a value is out of range:
     *                                  a limit below 1, multifd without 1..255 channels, xbzrle with multifd,
     *                                  negative round trips, a non-positive timeout, a poll interval outside
     *                                  10..1000 ms or a blank {@code toHost}
     */
    public MigrationOptions {
        if (destination == null) {
            throw new IllegalArgumentException("destination must be set");
        }
        if (downtimeLimitMs != null && downtimeLimitMs < 1) {
            throw new IllegalArgumentException("downtimeLimitMs must be >= 1, was " + downtimeLimitMs);
        }
        if (maxBandwidthBytesPerSecond != null && maxBandwidthBytesPerSecond < 1) {
            throw new IllegalArgumentException("maxBandwidthBytesPerSecond must be >= 1, was "
                    + maxBandwidthBytesPerSecond);
        }
        capabilities = capabilities == null || capabilities.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        if (capabilities.contains(MigrationCapability.MULTIFD) && (multifdChannels < 1 || multifdChannels > 255)) {
            throw new IllegalArgumentException("multifdChannels must be 1..255 with multifd, was " + multifdChannels);
        }
        if (capabilities.contains(MigrationCapability.MULTIFD)
                && capabilities.contains(MigrationCapability.XBZRLE)) {
            throw new IllegalArgumentException("capabilities: xbzrle cannot be combined with multifd");
        }
        if (workload == null) {
            throw new IllegalArgumentException("workload must be set");
        }
        if (pingPongRoundTrips < 0) {
            throw new IllegalArgumentException("pingPongRoundTrips must be >= 0, was " + pingPongRoundTrips);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (pollInterval == null || pollInterval.toMillis() < 10 || pollInterval.toMillis() > 1000) {
            throw new IllegalArgumentException("pollInterval must be 10..1000 ms, was " + pollInterval);
        }
        if (sla == null) {
            throw new IllegalArgumentException("sla must be set (MigrationSla.NONE: nothing judged)");
        }
        if (toHost != null && toHost.isBlank()) {
            throw new IllegalArgumentException("toHost must name a host node of the pod (or be null: the guest's own)");
        }
    }

    /**
     * Options of a migration on the guest's own host, judged on total time and QEMU's downtime.
     *
     * @param destination                where the stream goes
     * @param downtimeLimitMs            QEMU's {@code downtime-limit} in milliseconds, or {@code null} for QEMU's default
     * @param maxBandwidthBytesPerSecond QEMU's {@code max-bandwidth} in bytes per second, or {@code null} for QEMU's default
     * @param capabilities               capabilities to enable besides {@code events}
     * @param multifdChannels            {@code multifd-channels} when multifd is on, else ignored
     * @param workload                   what the guest does meanwhile
     * @param pingPongRoundTrips         round trips of a ping-pong run; 0 for a single migration
     * @param timeout                    how long one migration may take before {@code migrate_cancel}
     * @param pollInterval               how often {@code query-migrate} is polled (10..1000 ms)
     * @param maxTotalMs                 SLA bound on the total migration time, milliseconds
     * @param maxDowntimeMs              SLA bound on QEMU's reported downtime, milliseconds
     */
    public MigrationOptions(MigrationDestination destination, Long downtimeLimitMs, Long maxBandwidthBytesPerSecond,
                            Set<MigrationCapability> capabilities, int multifdChannels, Workload workload,
                            int pingPongRoundTrips, Duration timeout, Duration pollInterval, double maxTotalMs,
                            double maxDowntimeMs) {
        this(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities, multifdChannels, workload,
                pingPongRoundTrips, timeout, pollInterval, MigrationSla.of(maxTotalMs, maxDowntimeMs), null, false);
    }

    /**
     * Defaults: QEMU's own limits, no extra capability, idle guest, single migration, 60 s
     * timeout, 25 ms polls, SLA 2000 ms total / 10 ms downtime, on the guest's own host, the twin
     * not preallocated.
     *
     * @param destination where the stream goes
     * @return the default options for {@code destination}
     */
    public static MigrationOptions defaults(MigrationDestination destination) {
        return new MigrationOptions(destination, null, null, Set.of(), 0, Workload.idle(), 0, DEFAULT_TIMEOUT,
                DEFAULT_POLL_INTERVAL, MigrationSla.of(DEFAULT_MAX_TOTAL_MS, DEFAULT_MAX_DOWNTIME_MS), null, false);
    }

    /**
     * These options with another destination.
     *
     * @param d where the stream goes
     * @return a copy with {@code d} as {@link #destination()}
     */
    public MigrationOptions withDestination(MigrationDestination d) {
        return new MigrationOptions(d, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities, multifdChannels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with another QEMU {@code downtime-limit}.
     *
     * @param ms the limit in milliseconds ({@code >= 1}), or {@code null} for QEMU's default
     * @return a copy with {@code ms} as {@link #downtimeLimitMs()}
     */
    public MigrationOptions withDowntimeLimitMs(Long ms) {
        return new MigrationOptions(destination, ms, maxBandwidthBytesPerSecond, capabilities, multifdChannels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with another QEMU {@code max-bandwidth}.
     *
     * @param bytesPerSecond the bandwidth cap in bytes per second ({@code >= 1}), or {@code null} for QEMU's default
     * @return a copy with {@code bytesPerSecond} as {@link #maxBandwidthBytesPerSecond()}
     */
    public MigrationOptions withMaxBandwidthBytesPerSecond(Long bytesPerSecond) {
        return new MigrationOptions(destination, downtimeLimitMs, bytesPerSecond, capabilities, multifdChannels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with other capabilities.
     *
     * @param caps     capabilities to enable besides {@code events}; {@code null} for none
     * @param channels {@code multifd-channels} (1..255) when {@code caps} holds multifd, else ignored
     * @return a copy with {@code caps} and {@code channels}
     */
    public MigrationOptions withCapabilities(Set<MigrationCapability> caps, int channels) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, caps, channels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with another guest workload.
     *
     * @param w what the guest does while it migrates
     * @return a copy with {@code w} as {@link #workload()}
     */
    public MigrationOptions withWorkload(Workload w) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, w, pingPongRoundTrips, timeout, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with another number of ping-pong round trips.
     *
     * @param roundTrips round trips (A to B to A), {@code >= 0}; 0 for a single migration
     * @return a copy with {@code roundTrips} as {@link #pingPongRoundTrips()}
     */
    public MigrationOptions withPingPongRoundTrips(int roundTrips) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, roundTrips, timeout, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with another per-migration timeout.
     *
     * @param t how long one migration may take before {@code migrate_cancel}; must be positive
     * @return a copy with {@code t} as {@link #timeout()}
     */
    public MigrationOptions withTimeout(Duration t) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, t, pollInterval, sla, toHost, preallocateDestination);
    }

    /**
     * These options with another {@code query-migrate} poll interval.
     *
     * @param p how often {@code query-migrate} is polled, 10..1000 ms
     * @return a copy with {@code p} as {@link #pollInterval()}
     */
    public MigrationOptions withPollInterval(Duration p) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, p, sla, toHost, preallocateDestination);
    }

    /**
     * These options judged on total time and QEMU's downtime only.
     *
     * @param totalMs    bound on the total migration time, milliseconds
     * @param downtimeMs bound on QEMU's reported downtime, milliseconds
     * @return a copy with {@code MigrationSla.of(totalMs, downtimeMs)} as {@link #sla()}
     */
    public MigrationOptions withSla(double totalMs, double downtimeMs) {
        return withSla(MigrationSla.of(totalMs, downtimeMs));
    }

    /**
     * These options judged against other bounds.
     *
     * @param bounds the SLA ({@code MigrationSla.NONE} judges nothing)
     * @return a copy with {@code bounds} as {@link #sla()}
     */
    public MigrationOptions withSla(MigrationSla bounds) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, pollInterval, bounds, toHost, preallocateDestination);
    }

    /**
     * The total-time bound of {@link #sla()}.
     *
     * @return the bound in milliseconds, or {@code null} when total time is not judged
     */
    public Double maxTotalMs() {
        return sla.maxTotalMs();
    }

    /**
     * The bound on QEMU's downtime of {@link #sla()}.
     *
     * @return the bound in milliseconds, or {@code null} when QEMU's downtime is not judged
     */
    public Double maxDowntimeMs() {
        return sla.maxDowntimeMs();
    }

    /**
     * The same options, with or without a destination that preallocates its RAM.
     *
     * @param preallocate {@code true}: the twin starts with {@code -mem-prealloc}
     * @return a copy with {@code preallocate} as {@link #preallocateDestination()}
     */
    public MigrationOptions withPreallocatedDestination(boolean preallocate) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost, preallocate);
    }

    /**
     * The same options, migrating the guest to host node {@code host} of the pod.
     *
     * @param host the name of a host node of the pod, or {@code null} for the guest's own host
     * @return a copy with {@code host} as {@link #toHost()}
     */
    public MigrationOptions withToHost(String host) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, pollInterval, sla, host, preallocateDestination);
    }
}
