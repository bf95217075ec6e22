package io.kvm4nfv.result;

import java.util.Locale;

/**
 * One violated SLA bound: what was measured against which limit.
 *
 * @param subject  what was measured, e.g. {@code thread 0}, {@code all threads}, {@code 64-byte frames}
 * @param bound    the bound's name, e.g. {@code maxUs}, {@code p99Us}, {@code downtimeMs}
 * @param measured the measured value, or {@code NaN} when it could not be measured
 * @param limit    the limit
 * @param unit     the unit of both, e.g. {@code us}, {@code ms}, {@code %}
 * @param note     why it is a violation when it is not a plain "measured > limit" (or {@code ""})
 */
public record Violation(String subject, String bound, double measured, double limit, String unit, String note) {

    /** {@code thread 0: maxUs 1234 us > limit 1000 us}. */
    public String describe() {
        String value = Double.isNaN(measured) ? "not measured" : number(measured) + " " + unit;
        String text = subject + ": " + bound + " " + value + " > limit " + number(limit) + " " + unit;
        return note.isEmpty() ? text : text + " (" + note + ")";
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
