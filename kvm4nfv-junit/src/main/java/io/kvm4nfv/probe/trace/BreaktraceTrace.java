package io.kvm4nfv.probe.trace;

import io.kvm4nfv.result.Breaktrace;
import io.kvm4nfv.result.CyclictestResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, in a collected ftrace text, the region around the marker cyclictest writes when its
 * breaktrace fires ({@code -b USEC}: {@code tracing_mark_write: hit latency threshold (V > T)},
 * written to {@code trace_marker} by the breaking thread just before tracing stops).
 */
public final class BreaktraceTrace {

    /** Default lines kept before the marker: the lead-up to the spike. */
    public static final int DEFAULT_LINES_BEFORE = 300;
    /** Default lines kept after the marker. */
    public static final int DEFAULT_LINES_AFTER = 20;

    static final String MARK = "tracing_mark_write";
    private static final Pattern THRESHOLD = Pattern.compile("hit latency threshold \\((\\d+) > (\\d+)\\)");
    /** {@code <task>-<pid> [(<tgid>)] [<cpu>]}: the task name may contain spaces and dashes. */
    private static final Pattern TASK = Pattern.compile("^\\s*(.+)-(\\d+)\\s+(?:\\(\\s*[\\d-]+\\)\\s+)?\\[(\\d+)]");

    private BreaktraceTrace() {
    }

    /**
     * The region around the result's break marker, if its breaktrace fired and the capture has a marker.
     *
     * @param result the cyclictest result, with its breaktrace hit if one fired
     * @param capture the trace collected during the run
     * @return the {@value #DEFAULT_LINES_BEFORE} lines before and {@value #DEFAULT_LINES_AFTER} after the marker,
     *         or empty when no breaktrace fired, no trace was collected or it holds no marker
     */
    public static Optional<TraceRegion> around(CyclictestResult result, TraceCapture capture) {
        if (result.breaktraceHit().isEmpty() || !capture.available()) {
            return Optional.empty();
        }
        return around(capture.text(), result.breaktraceHit().get(), DEFAULT_LINES_BEFORE, DEFAULT_LINES_AFTER);
    }

    /**
     * The region around the break marker that matches {@code hit}: preferably the
     * {@code hit latency threshold} marker naming the hit's value, else one written by the hit's
     * thread id, else the first threshold marker, else the first {@code tracing_mark_write}.
     *
     * @param trace the collected ftrace text
     * @param hit cyclictest's breaktrace hit (thread id and value), or {@code null} to take the first marker
     * @param linesBefore how many lines before the marker to keep, &gt;= 0
     * @param linesAfter how many lines after the marker to keep, &gt;= 0
     * @return the region, or empty when the trace holds no {@code tracing_mark_write} line
     * @throws IllegalArgumentException when a line count is negative
     */
    public static Optional<TraceRegion> around(String trace, Breaktrace hit, int linesBefore, int linesAfter) {
        if (linesBefore < 0 || linesAfter < 0) {
            throw new IllegalArgumentException("line counts must be >= 0");
        }
        List<String> lines = trace.lines().toList();
        int byValue = -1;
        int byTid = -1;
        int anyThreshold = -1;
        int anyMark = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || !line.contains(MARK)) {
                continue;
            }
            anyMark = anyMark < 0 ? i : anyMark;
            Matcher t = THRESHOLD.matcher(line);
            if (t.find()) {
                anyThreshold = anyThreshold < 0 ? i : anyThreshold;
                if (hit != null && Long.parseLong(t.group(1)) == hit.valueUs() && byValue < 0) {
                    byValue = i;
                }
            }
            Matcher task = TASK.matcher(line);
            if (hit != null && byTid < 0 && task.find() && Long.parseLong(task.group(2)) == hit.tid()) {
                byTid = i;
            }
        }
        int mark = byValue >= 0 ? byValue : byTid >= 0 ? byTid : anyThreshold >= 0 ? anyThreshold : anyMark;
        if (mark < 0) {
            return Optional.empty();
        }
        int from = Math.max(0, mark - linesBefore);
        int to = Math.min(lines.size(), mark + linesAfter + 1);
        List<String> region = new ArrayList<>(lines.subList(from, to));
        String markLine = lines.get(mark);
        Matcher task = TASK.matcher(markLine);
        Matcher threshold = THRESHOLD.matcher(markLine);
        boolean hasTask = task.find();
        boolean hasThreshold = threshold.find();
        return Optional.of(new TraceRegion(region, mark - from, markLine,
                hasTask ? task.group(1).strip() : null,
                hasTask ? Long.parseLong(task.group(2)) : -1,
                hasTask ? Integer.parseInt(task.group(3)) : -1,
                hasThreshold ? Long.parseLong(threshold.group(1)) : -1,
                hasThreshold ? Long.parseLong(threshold.group(2)) : -1));
    }
}
