package io.kvm4nfv.result;

/**
 * One violated bound of a verdict.
 *
 * @param bound    what was bounded, e.g. {@code totalMs}, {@code downtimeMs (QEMU)}
 * @param measured the measured value ({@code NaN} when there is none, e.g. no downtime of a failed run)
 * @param limit    the bound ({@code NaN} for a pass/fail check)
 * @param message  a sentence for the report
 */
public record SlaViolation(String bound, double measured, double limit, String message) {
}
