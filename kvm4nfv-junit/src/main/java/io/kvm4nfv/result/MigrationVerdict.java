package io.kvm4nfv.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Judges one migration against its SLA and lists <em>every</em> violated bound: not
 * completed, total time, downtime by QEMU, downtime from the source's {@code STOP} to the
 * destination's {@code RESUME} event, downtime by heartbeat, memory integrity.
 * Limits are doubles and compared as doubles (never truncated). A failed integrity check
 * fails the verdict whatever the timings; a missing heartbeat or integrity report is simply
 * not judged.
 *
 * @param violations every violated bound, empty when the migration passed
 */
public record MigrationVerdict(List<Violation> violations) {

    /** The subject of a single migration's violations; legs of several are {@code leg i/n}. */
    static final String SUBJECT = "migration";

    public MigrationVerdict {
        violations = List.copyOf(violations);
    }

    /**
     * Judges a migration.
     *
     * @param maxTotalMs    bound on QEMU's total time
     * @param maxDowntimeMs bound on downtime, by QEMU and by heartbeat
     * @param result        the migration
     * @param heartbeat     the guest heartbeat over the migration, or {@code null} when not measured
     * @param integrity     the memory integrity check, or {@code null} when not run
     */
    public static MigrationVerdict judge(double maxTotalMs, double maxDowntimeMs, MigrationResult result,
                                         HeartbeatReport heartbeat, IntegrityReport integrity) {
        Objects.requireNonNull(result, "result");
        List<Violation> v = new ArrayList<>();
        if (!result.isCompleted()) {
            v.add(Violation.check(SUBJECT, "status", "QEMU reports status '" + result.status() + "'"
                    + (result.errorDesc() == null ? "" : ": " + result.errorDesc())
                    + (result.timedOut() ? " (timed out, cancelled)" : "")));
        }
        if (result.totalMs() != null && result.totalMs() > maxTotalMs) {
            v.add(new Violation(SUBJECT, "totalMs", result.totalMs(), maxTotalMs, "ms", ""));
        }
        if (result.isCompleted() && result.downtimeMs() == null) {
            v.add(new Violation(SUBJECT, "downtimeMs (QEMU)", Double.NaN, maxDowntimeMs, "ms",
                    "QEMU reported no downtime for a completed migration"));
        } else if (result.downtimeMs() != null && result.downtimeMs() > maxDowntimeMs) {
            v.add(new Violation(SUBJECT, "downtimeMs (QEMU)", result.downtimeMs(), maxDowntimeMs, "ms", ""));
        }
        if (result.stopToResumeMs() != null && result.stopToResumeMs() > maxDowntimeMs) {
            v.add(new Violation(SUBJECT, "downtimeMs (STOP to RESUME)", result.stopToResumeMs(), maxDowntimeMs, "ms",
                    "the guest was paused from the source's STOP to the destination's RESUME"));
        }
        if (heartbeat != null && heartbeat.largestGapMs() > maxDowntimeMs) {
            v.add(new Violation(SUBJECT, "downtimeMs (heartbeat)", heartbeat.largestGapMs(), maxDowntimeMs, "ms",
                    "the guest's heartbeat was silent that long"));
        }
        if (integrity != null && !integrity.intact()) {
            v.add(Violation.check(SUBJECT, "memoryIntegrity", "guest memory corrupted after migration ("
                    + integrity.blocksChecked() + " blocks checked): " + (integrity.failures().isEmpty()
                    ? "nothing checked" : String.join("; ", integrity.failures()))));
        }
        return new MigrationVerdict(v);
    }

    /** Whether no bound was violated. */
    public boolean passed() {
        return violations.isEmpty();
    }

    /** All violations, one per line (empty when passed). */
    public String describe() {
        return violations.stream().map(Violation::describe).collect(Collectors.joining("\n"));
    }
}
