package io.kvm4nfv.probe.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * What ftrace is doing on a node right now, as read by {@link FtraceSession#verifyOff}.
 *
 * @param node          the node's name
 * @param readable      whether tracefs could be read at all
 * @param problem       why it could not be read ({@code null} when readable)
 * @param tracefs       the tracefs directory read (a temporary mount when it was not mounted)
 * @param tracingOn     {@code tracing_on}
 * @param currentTracer {@code current_tracer}
 * @param enabledEvents number of lines in {@code set_event}
 */
public record FtraceState(String node, boolean readable, String problem, String tracefs, boolean tracingOn,
                          String currentTracer, int enabledEvents) {

    /**
     * What is left switched on: empty when ftrace is off ({@code tracing_on=0}, {@code nop}, no events).
     *
     * @return a description of each setting still on, e.g. {@code tracing_on=1}; empty also when unreadable
     */
    public List<String> leftOn() {
        List<String> on = new ArrayList<>();
        if (!readable) {
            return on;
        }
        if (tracingOn) {
            on.add("tracing_on=1");
        }
        if (!"nop".equals(currentTracer)) {
            on.add("current_tracer=" + currentTracer);
        }
        if (enabledEvents > 0) {
            on.add(enabledEvents + " event" + (enabledEvents == 1 ? "" : "s") + " enabled in set_event");
        }
        return on;
    }

    /**
     * Whether tracefs was read and nothing is left on.
     *
     * @return {@code true} when tracefs was read and tracing, the tracer and the events are off
     */
    public boolean isOff() {
        return readable && leftOn().isEmpty();
    }

    @Override
    public String toString() {
        if (!readable) {
            return "ftrace on " + node + ": unreadable: " + problem;
        }
        List<String> on = leftOn();
        return "ftrace on " + node + " (" + tracefs + "): " + (on.isEmpty() ? "off" : "left on: " + String.join(", ", on));
    }
}
