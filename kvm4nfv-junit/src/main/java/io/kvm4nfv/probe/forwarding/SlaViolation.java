package io.kvm4nfv.probe.forwarding;

/**
 * One SLA bound a frame size missed.
 *
 * @param frameSizeBytes the frame size
 * @param metric         {@code avgLatencyUs}, {@code maxLatencyUs}, {@code throughputRxMbps} or {@code frameLossPercent}
 * @param limit          the bound
 * @param actual         the measured value, or {@code null} when the generator did not report it
 *                       (an unmeasured value never passes a bound)
 */
public record SlaViolation(int frameSizeBytes, String metric, double limit, Double actual) {

    /** E.g. {@code 64 B: avgLatencyUs 612.5 > 500.0}, {@code 64 B: maxLatencyUs not measured (bound 1000.0)}. */
    public String message() {
        if (actual == null) {
            return frameSizeBytes + " B: " + metric + " not measured (bound " + limit + ")";
        }
        String op = metric.equals("throughputRxMbps") ? " < " : " > ";
        return frameSizeBytes + " B: " + metric + " " + actual + op + limit;
    }

    @Override
    public String toString() {
        return message();
    }
}
