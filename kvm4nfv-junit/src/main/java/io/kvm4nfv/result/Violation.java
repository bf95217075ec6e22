package io.kvm4nfv.result;

import java.util.Locale;
import java.util.Objects;

/**
 * One violated SLA bound, for every kind of result (cyclictest, live migration, packet
 * forwarding): what was measured against which limit, or which pass/fail check failed.
 *
 * @param subject  what was measured, e.g. {@code thread 0}, {@code all threads}, {@code 64 B},
 *                 {@code migration}, {@code leg 2/10}
 * @param bound    the bound's name, e.g. {@code maxUs}, {@code p99Us}, {@code downtimeMs (QEMU)},
 *                 {@code throughputRxMbps}, {@code memoryIntegrity}
 * @param measured the measured value, or {@code NaN} when it could not be measured
 * @param limit    the limit ({@code NaN} for a {@link Kind#CHECK})
 * @param unit     the unit of both, e.g. {@code us}, {@code ms}, {@code %}
 * @param note     what it means, or why it is a violation when it is not a plain comparison (or {@code ""})
 * @param kind     an upper bound (measured above it), a lower bound (measured below it), or a pass/fail check
 */
public record Violation(String subject, String bound, double measured, double limit, String unit, String note,
                        Kind kind) {

    /** How the measured value broke the bound. */
    public enum Kind {
        /** The value must be at most the limit. */
        AT_MOST,
        /** The value must be at least the limit (e.g. throughput). */
        AT_LEAST,
        /** A pass/fail check without a number (e.g. a failed migration, corrupted memory): the note says what. */
        CHECK
    }

    /**
     * Checks that every component but the numbers is set.
     *
     * @param subject  what was measured; not {@code null}
     * @param bound    the bound's name; not {@code null}
     * @param measured the measured value, or {@code NaN}
     * @param limit    the limit, or {@code NaN} for a check
     * @param unit     the unit of both, {@code ""} for a check; not {@code null}
     * @param note     what it means, or {@code ""}; not {@code null}
     * @param kind     the kind of bound; not {@code null}
     * @throws NullPointerException when a non-numeric component is {@code null}
     */
    public Violation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * An upper bound exceeded: {@code measured > limit} ({@link Kind#AT_MOST}).
     *
     * @param subject  what was measured, e.g. {@code thread 0}
     * @param bound    the bound's name, e.g. {@code maxUs}
     * @param measured the measured value, or {@code NaN} when it could not be measured
     * @param limit    the upper limit
     * @param unit     the unit of both, e.g. {@code us}
     * @param note     what it means, or {@code ""}
     */
    public Violation(String subject, String bound, double measured, double limit, String unit, String note) {
        this(subject, bound, measured, limit, unit, note, Kind.AT_MOST);
    }

    /**
     * A lower bound missed: {@code measured < limit} ({@link Kind#AT_LEAST}).
     *
     * @param subject  what was measured, e.g. {@code 64 B}
     * @param bound    the bound's name, e.g. {@code throughputRxMbps}
     * @param measured the measured value
     * @param limit    the lower limit
     * @param unit     the unit of both, e.g. {@code Mbit/s}
     * @return the violation, without a note
     */
    public static Violation below(String subject, String bound, double measured, double limit, String unit) {
        return new Violation(subject, bound, measured, limit, unit, "", Kind.AT_LEAST);
    }

    /**
     * A failed pass/fail check ({@link Kind#CHECK}), without numbers.
     *
     * @param subject what was checked, e.g. {@code migration}
     * @param bound   the check's name, e.g. {@code memoryIntegrity}
     * @param what    what failed, kept as the note
     * @return the violation, its measured value and limit {@code NaN}
     */
    public static Violation check(String subject, String bound, String what) {
        return new Violation(subject, bound, Double.NaN, Double.NaN, "", what, Kind.CHECK);
    }

    /**
     * The same violation of another subject (e.g. {@code leg 2/10} instead of {@code migration}).
     *
     * @param newSubject the subject to use
     * @return a copy with {@code newSubject}, every other component unchanged
     */
    public Violation withSubject(String newSubject) {
        return new Violation(newSubject, bound, measured, limit, unit, note, kind);
    }

    /**
     * {@code thread 0: maxUs 1234 us > limit 1000 us}, {@code 64 B: throughputRxMbps 0.3 Mbit/s < limit 0.45 Mbit/s},
     * {@code migration: guest memory corrupted …} (a check: the note says what failed).
     *
     * @return the violation as one line of text; a note follows in parentheses
     */
    public String describe() {
        if (kind == Kind.CHECK) {
            return subject + ": " + note;
        }
        String value = Double.isNaN(measured) ? "not measured" : number(measured) + " " + unit;
        String text = subject + ": " + bound + " " + value + (kind == Kind.AT_LEAST ? " < limit " : " > limit ")
                + number(limit) + " " + unit;
        return note.isEmpty() ? text : text + " (" + note + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
