package io.kvm4nfv.probe.trace;

import java.util.List;
import java.util.Objects;

/**
 * The part of a trace around a cyclictest break marker.
 *
 * @param lines       the region's lines, oldest first
 * @param markIndex   index in {@code lines} of the marker line
 * @param markLine    the marker line itself
 * @param task        the task that wrote the marker ({@code cyclictest}), or {@code null} if not parsed
 * @param pid         its pid (the cyclictest thread's tid), or -1
 * @param cpu         the CPU it ran on, or -1
 * @param latencyUs   the latency named in the marker ({@code hit latency threshold (V > T)}), or -1
 * @param thresholdUs the breaktrace threshold named in the marker, or -1
 */
public record TraceRegion(List<String> lines, int markIndex, String markLine, String task, long pid, int cpu,
                          long latencyUs, long thresholdUs) {

    /**
     * Copies the lines and checks that the marker is among them.
     *
     * @param lines the region's lines, oldest first
     * @param markIndex index in {@code lines} of the marker line
     * @param markLine the marker line itself; not {@code null}
     * @param task the task that wrote the marker, or {@code null}
     * @param pid its pid, or -1
     * @param cpu the CPU it ran on, or -1
     * @param latencyUs the latency named in the marker in microseconds, or -1
     * @param thresholdUs the breaktrace threshold named in the marker in microseconds, or -1
     * @throws IllegalArgumentException when {@code markIndex} is outside {@code lines}
     */
    public TraceRegion {
        lines = List.copyOf(lines);
        Objects.requireNonNull(markLine, "markLine");
        if (markIndex < 0 || markIndex >= lines.size()) {
            throw new IllegalArgumentException("markIndex " + markIndex + " outside the region of " + lines.size());
        }
    }

    /**
     * The region as text, one line per trace line.
     *
     * @return the lines joined with newlines, ending with one
     */
    public String text() {
        return String.join("\n", lines) + "\n";
    }

    /**
     * The region's lines that ran on the marker's CPU (what delayed the measuring thread).
     *
     * @return the lines tagged with the marker's CPU ({@code [NNN]}), or all lines when the CPU is unknown
     */
    public List<String> sameCpuLines() {
        if (cpu < 0) {
            return lines;
        }
        String tag = String.format("[%03d]", cpu);
        return lines.stream().filter(l -> l.contains(tag)).toList();
    }
}
