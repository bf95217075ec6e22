package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.SlaDefaults;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.Workload;
import io.kvm4nfv.result.MigrationSla;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * {@link LiveMigration} to {@link MigrationOptions}: SLA bounds from the annotation, else the
 * pod's {@code sla.migration}, else 2000 ms / 10 ms; every misuse an
 * {@link ExtensionConfigurationException} naming the attribute.
 */
final class LiveMigrationOptions {

    /** Default working set of a MEMORY_DIRTY workload: 16 MiB (a 256 MiB guest has room for it twice). */
    static final long DEFAULT_DIRTY_BYTES = 16L << 20;

    private LiveMigrationOptions() {
    }

    static MigrationOptions of(LiveMigration a, PodConfig pod) {
        SlaDefaults.Migration sla = pod.sla().migration();
        double maxTotal = bound("maxTotalMs", a.maxTotalMs(), sla.maxTotalMs(), MigrationOptions.DEFAULT_MAX_TOTAL_MS);
        double maxDowntime = bound("maxDowntimeMs", a.maxDowntimeMs(), sla.maxDowntimeMs(),
                MigrationOptions.DEFAULT_MAX_DOWNTIME_MS);
        Double maxStopToResume = optionalBound("maxStopToResumeMs", a.maxStopToResumeMs(), sla.maxStopToResumeMs());
        Double maxGuestGap = optionalBound("maxGuestGapMs", a.maxGuestGapMs(), sla.maxGuestGapMs());
        Long downtimeLimit = optional("downtimeLimitMs", a.downtimeLimitMs());
        Long bandwidth = optional("maxBandwidthBytesPerSecond", a.maxBandwidthBytesPerSecond());
        if (a.pingPong() < 0) {
            throw invalid("pingPong", "must be >= 0 round trips, was " + a.pingPong());
        }
        if (a.timeoutSeconds() < 1) {
            throw invalid("timeoutSeconds", "must be >= 1, was " + a.timeoutSeconds());
        }
        if (new java.util.HashSet<>(List.of(a.capabilities())).size() != a.capabilities().length) {
            throw invalid("capabilities", "lists a capability twice: " + List.of(a.capabilities()));
        }
        Workload workload = workload(a);
        String toHost = toHost(a.to(), pod);
        try {
            return MigrationOptions.defaults(MigrationDestination.localAnyPort())
                    .withDowntimeLimitMs(downtimeLimit)
                    .withMaxBandwidthBytesPerSecond(bandwidth)
                    .withCapabilities(a.capabilities().length == 0 ? java.util.Set.of()
                            : EnumSet.copyOf(List.of(a.capabilities())), a.multifdChannels())
                    .withWorkload(workload)
                    .withPingPongRoundTrips(a.pingPong())
                    .withTimeout(Duration.ofSeconds(a.timeoutSeconds()))
                    .withSla(new MigrationSla(maxTotal, maxDowntime, maxStopToResume, maxGuestGap))
                    .withToHost(toHost)
                    .withPreallocatedDestination(a.preallocateDestination());
        } catch (IllegalArgumentException e) {
            String attribute = e.getMessage().startsWith("capabilities") ? "capabilities"
                    : e.getMessage().startsWith("multifdChannels") ? "multifdChannels" : "?";
            throw invalid(attribute, e.getMessage());
        }
    }

    /** {@code to}: empty for the guest's own host, else a host node the pod declares. */
    private static String toHost(String to, PodConfig pod) {
        if (to.isEmpty()) {
            return null;
        }
        List<String> hosts = pod.hosts().stream().map(io.kvm4nfv.config.NodeConfig::name).toList();
        if (!hosts.contains(to)) {
            throw invalid("to", "pod " + pod.name() + " (" + pod.source() + ") has no host node '" + to
                    + "'; its hosts: " + hosts + (hosts.size() < 2
                    ? " (a migration between hosts needs a pod that declares two)" : ""));
        }
        return to;
    }

    private static Workload workload(LiveMigration a) {
        if (a.workloadBytes() < 0) {
            throw invalid("workloadBytes", "must be >= 0, was " + a.workloadBytes());
        }
        if (a.workloadBytesPerSecond() < 0) {
            throw invalid("workloadBytesPerSecond", "must be >= 0, was " + a.workloadBytesPerSecond());
        }
        switch (a.workload()) {
            case IDLE -> {
                if (a.workloadBytes() != 0 || a.workloadBytesPerSecond() != 0) {
                    throw invalid("workloadBytes", "an IDLE workload takes no workloadBytes or workloadBytesPerSecond");
                }
                return Workload.idle();
            }
            case FORWARDING_LIKE -> {
                long bytes = a.workloadBytes() == 0 ? Workload.FORWARDING_WORKING_SET_BYTES : a.workloadBytes();
                long rate = a.workloadBytesPerSecond() == 0 ? 25 * bytes : a.workloadBytesPerSecond();
                return new Workload(Workload.Kind.FORWARDING_LIKE, bytes, rate);
            }
            default -> {
                long bytes = a.workloadBytes() == 0 ? DEFAULT_DIRTY_BYTES : a.workloadBytes();
                long rate = a.workloadBytesPerSecond() == 0 ? bytes : a.workloadBytesPerSecond();
                return Workload.memoryDirty(bytes, rate);
            }
        }
    }

    private static double bound(String attribute, double value, Double pod, double fallback) {
        if (value == -1) {
            return pod != null && pod > 0 ? pod : fallback;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(attribute, "must be a positive number of ms (or -1 for the pod's default), was " + value);
        }
        return value;
    }

    /** A bound judged only when the annotation or the pod sets it. */
    private static Double optionalBound(String attribute, double value, Double pod) {
        if (value == -1) {
            return pod != null && pod > 0 ? pod : null;
        }
        return bound(attribute, value, null, 0);
    }

    private static Long optional(String attribute, long value) {
        if (value == -1) {
            return null;
        }
        if (value < 1) {
            throw invalid(attribute, "must be >= 1 (or -1 for QEMU's default), was " + value);
        }
        return value;
    }

    private static ExtensionConfigurationException invalid(String attribute, String message) {
        return new ExtensionConfigurationException("@LiveMigration(" + attribute + "): " + message);
    }
}
