package io.kvm4nfv.probe.trace;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The trace collected around one measurement, or why there is none.
 *
 * @param node              the node's name
 * @param available         whether ftrace could be used on the node
 * @param unavailableReason why not ({@code null} when available)
 * @param tracefs           the tracefs directory used ({@code null} when unavailable)
 * @param tracer            the tracer that ran
 * @param events            the events that were enabled
 * @param missingEvents     requested event groups the node's kernel does not have (e.g. {@code kvm} in a guest)
 * @param text              the collected trace text (trimmed to the configured size); empty when unavailable
 * @param totalBytes        size of the whole trace on the node
 * @param truncated         whether {@code text} is less than the whole trace
 * @param markLine          1-based line in the whole trace of the first {@code tracing_mark_write}, or {@code null}
 */
public record TraceCapture(String node, boolean available, String unavailableReason, String tracefs, String tracer,
                           List<String> events, List<String> missingEvents, String text, long totalBytes,
                           boolean truncated, Long markLine) {

    /** The {@code unavailableReason} of an available capture. */
    private static final String NO_REASON = null;
    /** The {@code tracefs} and {@code tracer} of an unavailable capture. */
    private static final String NO_TRACEFS = null;
    private static final String NO_TRACER = null;
    /** The {@code markLine} of a trace without a trace mark. */
    private static final Long NO_MARK = null;

    /**
     * Checks the components: copies the lists, turns {@code null} lists and text into empty ones.
     *
     * @param node the node's name; not {@code null}
     * @param available whether ftrace could be used on the node
     * @param unavailableReason why not; required when {@code available} is false
     * @param tracefs the tracefs directory used
     * @param tracer the tracer that ran
     * @param events the events that were enabled
     * @param missingEvents requested event groups the node's kernel does not have
     * @param text the collected trace text
     * @param totalBytes size of the whole trace on the node, in bytes
     * @param truncated whether {@code text} is less than the whole trace
     * @param markLine 1-based line of the first {@code tracing_mark_write}, or {@code null}
     * @throws IllegalArgumentException when an unavailable capture has no reason
     * @throws NullPointerException if {@code node} is {@code null}
     */
    public TraceCapture {
        Objects.requireNonNull(node, "node");
        events = List.copyOf(Objects.requireNonNullElse(events, List.of()));
        missingEvents = List.copyOf(Objects.requireNonNullElse(missingEvents, List.of()));
        text = Objects.requireNonNullElse(text, "");
        if (!available && unavailableReason == null) {
            throw new IllegalArgumentException("an unavailable capture needs a reason");
        }
    }

    /**
     * The trace collected on {@code node} from {@code tracefs}.
     *
     * @param events        the events that were enabled
     * @param missingEvents requested event groups the node's kernel does not have
     */
    static TraceCapture collected(String node, String tracefs, String tracer, List<String> events,
                                  List<String> missingEvents, CollectedTrace trace) {
        return new TraceCapture(node, true, NO_REASON, tracefs, tracer, events, missingEvents, trace.text(),
                trace.totalBytes(), trace.truncated(), trace.markLine());
    }

    /**
     * No trace: ftrace could not be used on the node.
     *
     * @param node the node's name
     * @param reason why ftrace could not be used, or why nothing was collected
     * @return an unavailable capture with no text
     */
    public static TraceCapture unavailable(String node, String reason) {
        return new TraceCapture(node, false, reason, NO_TRACEFS, NO_TRACER, List.of(), List.of(), "", 0, false,
                NO_MARK);
    }

    /**
     * {@code "unavailable: reason"} or a one-line summary of the capture.
     *
     * @return one line for the report: tracer, events, node, size, trace mark and missing events
     */
    public String summary() {
        if (!available) {
            return "unavailable: " + unavailableReason;
        }
        return "ftrace " + tracer + (events.isEmpty() ? "" : " events " + String.join(",", events)) + " on " + node
                + ": " + text.length() + " of " + totalBytes + " bytes" + (truncated ? " (trimmed)" : "")
                + (markLine == null ? "" : ", trace mark at line " + markLine)
                + (missingEvents.isEmpty() ? "" : ", missing events " + String.join(",", missingEvents));
    }

    /**
     * The trace text when available.
     *
     * @return the collected text, or empty when ftrace was unavailable
     */
    public Optional<String> trace() {
        return available ? Optional.of(text) : Optional.empty();
    }
}
