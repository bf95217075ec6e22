package io.kvm4nfv.probe.oslat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * oslat stopped at its trace threshold ({@code -T}): it wrote a marker into ftrace, stopped
 * tracing and exited 1 without a result table, after printing on stderr
 * {@code oslat: Trace threshold (5 us) triggered on cpu 1 with 103 us!}.
 *
 * @param thresholdUs the {@code -T} threshold, µs
 * @param cpu         the CPU whose thread saw it
 * @param valueUs     the latency that reached the threshold, µs
 */
public record OslatTraceHit(long thresholdUs, int cpu, long valueUs) {
    private static final Pattern LINE = Pattern.compile(
            "Trace threshold \\((\\d{1,9}) us\\) triggered on cpu (\\d{1,9}) with (\\d{1,15})(?:\\.\\d+)? us!");

    /**
     * The hit a line of oslat's stderr reports, if it is that line.
     *
     * @param line one line of oslat's standard error
     * @return the hit, or empty when the line is not oslat's trace-threshold message
     */
    public static Optional<OslatTraceHit> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new OslatTraceHit(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
                Long.parseLong(m.group(3))));
    }

    /**
     * {@code CPU 1 reached 103 us (trace threshold 5 us)}.
     *
     * @return the CPU, the latency reached and the threshold, on one line
     */
    public String describe() {
        return "CPU " + cpu + " reached " + valueUs + " us (trace threshold " + thresholdUs + " us)";
    }
}
