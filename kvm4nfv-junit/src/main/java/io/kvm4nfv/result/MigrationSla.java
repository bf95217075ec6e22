package io.kvm4nfv.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bounds one live migration is judged against, each named for what it measures; a bound
 * left {@code null} is not judged (and {@link #judged()} says which were).
 *
 * @param maxTotalMs        QEMU's total migration time ({@code query-migrate} {@code total-time})
 * @param maxDowntimeMs     QEMU's reported downtime ({@code downtime}): KVM4NFV's definition, the one
 *                          "downtime &lt; 10 ms" means
 * @param maxStopToResumeMs the pause from the source's {@code STOP} event to the destination's
 *                          {@code RESUME} event, as this library's QMP clients timed them
 * @param maxGuestGapMs     the guest-visible silence: the largest gap between the guest's heartbeats
 *                          as the host received them (its resolution is the heartbeat interval)
 */
public record MigrationSla(Double maxTotalMs, Double maxDowntimeMs, Double maxStopToResumeMs, Double maxGuestGapMs)
        implements Sla<MigrationMeasurement> {

    /** A bound that is not judged. */
    private static final Double NOT_JUDGED = null;

    /** Nothing judged. */
    public static final MigrationSla NONE = new MigrationSla(NOT_JUDGED, NOT_JUDGED, NOT_JUDGED, NOT_JUDGED);

    /**
     * Checks that every set bound is a positive, finite number of ms.
     *
     * @param maxTotalMs        bound on QEMU's total time, ms, or {@code null}
     * @param maxDowntimeMs     bound on QEMU's downtime, ms, or {@code null}
     * @param maxStopToResumeMs bound on the {@code STOP} to {@code RESUME} pause, ms, or {@code null}
     * @param maxGuestGapMs     bound on the largest heartbeat gap, ms, or {@code null}
     * @throws IllegalArgumentException when a set bound is not positive or is infinite
     */
    public MigrationSla {
        check("maxTotalMs", maxTotalMs);
        check("maxDowntimeMs", maxDowntimeMs);
        check("maxStopToResumeMs", maxStopToResumeMs);
        check("maxGuestGapMs", maxGuestGapMs);
    }

    /**
     * The KVM4NFV shape: total time and QEMU's downtime only.
     *
     * @param maxTotalMs    bound on QEMU's total migration time, ms
     * @param maxDowntimeMs bound on QEMU's downtime, ms
     * @return the SLA, STOP to RESUME and guest gap not judged
     * @throws IllegalArgumentException when a bound is not a positive, finite number
     */
    public static MigrationSla of(double maxTotalMs, double maxDowntimeMs) {
        return totalAndDowntime(maxTotalMs, maxDowntimeMs);
    }

    /**
     * The KVM4NFV shape with either bound possibly unset ({@code null}: not judged).
     *
     * @param maxTotalMs    bound on QEMU's total migration time, ms, or {@code null}
     * @param maxDowntimeMs bound on QEMU's downtime, ms, or {@code null}
     * @return the SLA, STOP to RESUME and guest gap not judged
     * @throws IllegalArgumentException when a set bound is not a positive, finite number
     */
    public static MigrationSla totalAndDowntime(Double maxTotalMs, Double maxDowntimeMs) {
        return new MigrationSla(maxTotalMs, maxDowntimeMs, NOT_JUDGED, NOT_JUDGED);
    }


    private static void check(String name, Double bound) {
        if (bound != null && (!(bound > 0) || bound.isInfinite())) {
            throw new IllegalArgumentException(name + " must be a positive number of ms (or unset), was " + bound);
        }
    }

    /**
     * The names of the bounds that are judged, in this record's order.
     *
     * @return component names such as {@code maxTotalMs}; empty for {@link #NONE}
     */
    public List<String> judged() {
        List<String> names = new ArrayList<>();
        if (maxTotalMs != null) {
            names.add("maxTotalMs");
        }
        if (maxDowntimeMs != null) {
            names.add("maxDowntimeMs");
        }
        if (maxStopToResumeMs != null) {
            names.add("maxStopToResumeMs");
        }
        if (maxGuestGapMs != null) {
            names.add("maxGuestGapMs");
        }
        return names;
    }

    /**
     * Every violated bound of every leg of {@code measurement} (with its heartbeat and memory
     * integrity), as {@link MigrationMeasurement#verdict(MigrationSla)} judges them.
     */
    @Override
    public List<Violation> violations(MigrationMeasurement measurement) {
        return measurement.verdict(this).violations();
    }

    /** E.g. {@code total <= 2000 ms, downtime (QEMU) <= 10 ms; not judged: STOP to RESUME, guest gap}. */
    @Override
    public String describe() {
        List<String> judged = new ArrayList<>();
        List<String> not = new ArrayList<>();
        bound(judged, not, "total", maxTotalMs);
        bound(judged, not, "downtime (QEMU)", maxDowntimeMs);
        bound(judged, not, "STOP to RESUME", maxStopToResumeMs);
        bound(judged, not, "guest gap", maxGuestGapMs);
        return (judged.isEmpty() ? "no bound judged" : String.join(", ", judged))
                + (not.isEmpty() ? "" : "; not judged: " + String.join(", ", not));
    }

    private static void bound(List<String> judged, List<String> not, String what, Double bound) {
        if (bound == null) {
            not.add(what);
        } else {
            judged.add(what + " <= " + format(bound) + " ms");
        }
    }

    private static String format(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(Locale.ROOT, "%s", ms);
    }
}
