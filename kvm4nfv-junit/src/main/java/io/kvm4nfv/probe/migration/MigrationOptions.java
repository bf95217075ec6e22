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
 */
public record MigrationOptions(MigrationDestination destination, Long downtimeLimitMs,
                               Long maxBandwidthBytesPerSecond, Set<MigrationCapability> capabilities,
                               int multifdChannels, Workload workload, int pingPongRoundTrips, Duration timeout,
                               Duration pollInterval, MigrationSla sla, String toHost) {

    /** Default SLA on total migration time. */
    public static final double DEFAULT_MAX_TOTAL_MS = 2000;
    /** Default SLA on downtime. */
    public static final double DEFAULT_MAX_DOWNTIME_MS = 10;
    /** Default migration timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@code query-migrate} poll interval. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(25);

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

    /** Options of a migration on the guest's own host, judged on total time and QEMU's downtime. */
    public MigrationOptions(MigrationDestination destination, Long downtimeLimitMs, Long maxBandwidthBytesPerSecond,
                            Set<MigrationCapability> capabilities, int multifdChannels, Workload workload,
                            int pingPongRoundTrips, Duration timeout, Duration pollInterval, double maxTotalMs,
                            double maxDowntimeMs) {
        this(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities, multifdChannels, workload,
                pingPongRoundTrips, timeout, pollInterval, MigrationSla.of(maxTotalMs, maxDowntimeMs), null);
    }

    /** Defaults: QEMU's own limits, no extra capability, idle guest, single migration, 60 s, SLA 2000/10 ms. */
    public static MigrationOptions defaults(MigrationDestination destination) {
        return new MigrationOptions(destination, null, null, Set.of(), 0, Workload.idle(), 0, DEFAULT_TIMEOUT,
                DEFAULT_POLL_INTERVAL, MigrationSla.of(DEFAULT_MAX_TOTAL_MS, DEFAULT_MAX_DOWNTIME_MS), null);
    }

    public MigrationOptions withDestination(MigrationDestination d) {
        return new MigrationOptions(d, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities, multifdChannels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost);
    }

    public MigrationOptions withDowntimeLimitMs(Long ms) {
        return new MigrationOptions(destination, ms, maxBandwidthBytesPerSecond, capabilities, multifdChannels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost);
    }

    public MigrationOptions withMaxBandwidthBytesPerSecond(Long bytesPerSecond) {
        return new MigrationOptions(destination, downtimeLimitMs, bytesPerSecond, capabilities, multifdChannels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost);
    }

    public MigrationOptions withCapabilities(Set<MigrationCapability> caps, int channels) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, caps, channels,
                workload, pingPongRoundTrips, timeout, pollInterval, sla, toHost);
    }

    public MigrationOptions withWorkload(Workload w) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, w, pingPongRoundTrips, timeout, pollInterval, sla, toHost);
    }

    public MigrationOptions withPingPongRoundTrips(int roundTrips) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, roundTrips, timeout, pollInterval, sla, toHost);
    }

    public MigrationOptions withTimeout(Duration t) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, t, pollInterval, sla, toHost);
    }

    public MigrationOptions withPollInterval(Duration p) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, p, sla, toHost);
    }

    /** Judged on total time and QEMU's downtime only. */
    public MigrationOptions withSla(double totalMs, double downtimeMs) {
        return withSla(MigrationSla.of(totalMs, downtimeMs));
    }

    public MigrationOptions withSla(MigrationSla bounds) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, pollInterval, bounds, toHost);
    }

    /** The total-time bound, ms, or {@code null} when not judged. */
    public Double maxTotalMs() {
        return sla.maxTotalMs();
    }

    /** The bound on QEMU's downtime, ms, or {@code null} when not judged. */
    public Double maxDowntimeMs() {
        return sla.maxDowntimeMs();
    }

    /** The same options, migrating the guest to host node {@code host} of the pod ({@code null}: its own host). */
    public MigrationOptions withToHost(String host) {
        return new MigrationOptions(destination, downtimeLimitMs, maxBandwidthBytesPerSecond, capabilities,
                multifdChannels, workload, pingPongRoundTrips, timeout, pollInterval, sla, host);
    }
}
