package io.kvm4nfv.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Judges one migration against its {@link MigrationSla} and lists <em>every</em> violated
 * bound: not completed, QEMU's total time ({@code totalMs}), QEMU's downtime
 * ({@code downtimeMs}), the pause from the source's {@code STOP} to the destination's
 * {@code RESUME} event ({@code stopToResumeMs}), the guest-visible silence measured by the
 * heartbeat ({@code guestGapMs}, with its resolution), memory integrity. Each bound judges its
 * own figure; an unset bound is not judged. Limits are doubles and compared as doubles (never
 * truncated). A failed integrity check fails the verdict whatever the timings; a missing
 * heartbeat or integrity report is simply not judged.
 *
 * @param violations every violated bound, empty when the migration passed
 */
public record MigrationVerdict(List<Violation> violations) {

    /** The subject of a single migration's violations; legs of several are {@code leg i/n}. */
    static final String SUBJECT = "migration";

    /**
     * Copies the violations.
     *
     * @param violations every violated bound, empty when the migration passed; not {@code null}
     */
    public MigrationVerdict {
        violations = List.copyOf(violations);
    }

    /**
     * Judges a migration.
     *
     * @param sla       the bounds (unset ones are not judged)
     * @param result    the migration
     * @param heartbeat the guest heartbeat over the migration, or {@code null} when not measured
     * @param integrity the memory integrity check, or {@code null} when not run
     * @return the verdict listing every violated bound (subject {@code migration})
     * @throws NullPointerException when {@code sla} or {@code result} is {@code null}
     */
    public static MigrationVerdict judge(MigrationSla sla, MigrationResult result, HeartbeatReport heartbeat,
                                         IntegrityReport integrity) {
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(result, "result");
        List<Violation> v = new ArrayList<>();
        if (!result.isCompleted()) {
            v.add(Violation.check(SUBJECT, "status", "QEMU reports status '" + result.status() + "'"
                    + (result.errorDesc() == null ? "" : ": " + result.errorDesc())
                    + (result.timedOut() ? " (timed out, cancelled)" : "")));
        }
        if (sla.maxTotalMs() != null && result.totalMs() != null && result.totalMs() > sla.maxTotalMs()) {
            v.add(new Violation(SUBJECT, "totalMs", result.totalMs(), sla.maxTotalMs(), "ms", ""));
        }
        if (sla.maxDowntimeMs() != null) {
            if (result.isCompleted() && result.downtimeMs() == null) {
                v.add(new Violation(SUBJECT, "downtimeMs", Double.NaN, sla.maxDowntimeMs(), "ms",
                        "QEMU reported no downtime for a completed migration"));
            } else if (result.downtimeMs() != null && result.downtimeMs() > sla.maxDowntimeMs()) {
                v.add(new Violation(SUBJECT, "downtimeMs", result.downtimeMs(), sla.maxDowntimeMs(), "ms",
                        "QEMU's downtime"));
            }
        }
        if (sla.maxStopToResumeMs() != null && result.stopToResumeMs() != null
                && result.stopToResumeMs() > sla.maxStopToResumeMs()) {
            v.add(new Violation(SUBJECT, "stopToResumeMs", result.stopToResumeMs(), sla.maxStopToResumeMs(), "ms",
                    "the guest was paused from the source's STOP to the destination's RESUME"));
        }
        if (sla.maxGuestGapMs() != null && heartbeat != null && heartbeat.largestGapMs() > sla.maxGuestGapMs()) {
            v.add(new Violation(SUBJECT, "guestGapMs", heartbeat.largestGapMs(), sla.maxGuestGapMs(), "ms",
                    "the guest's heartbeat was silent that long" + (heartbeat.medianIntervalMs() == null ? ""
                            : String.format(java.util.Locale.ROOT, "; resolution %.2f ms",
                            heartbeat.medianIntervalMs()))));
        }
        if (integrity != null && !integrity.intact()) {
            v.add(Violation.check(SUBJECT, "memoryIntegrity", "guest memory corrupted after migration ("
                    + integrity.blocksChecked() + " blocks checked): " + (integrity.failures().isEmpty()
                    ? "nothing checked" : String.join("; ", integrity.failures()))));
        }
        return new MigrationVerdict(v);
    }

    /**
     * Whether no bound was violated.
     *
     * @return {@code true} when {@link #violations()} is empty
     */
    public boolean passed() {
        return violations.isEmpty();
    }

    /**
     * All violations as text, one per line.
     *
     * @return the {@link Violation#describe()} lines, or {@code ""} when passed
     */
    public String describe() {
        return violations.stream().map(Violation::describe).collect(Collectors.joining("\n"));
    }
}
