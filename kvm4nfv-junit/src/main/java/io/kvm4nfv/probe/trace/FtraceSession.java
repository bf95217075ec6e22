package io.kvm4nfv.probe.trace;

import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.lab.LabResources;
import io.kvm4nfv.lab.Reaper;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ftrace session on one node, around one measurement:
 * <ol>
 *   <li>{@link #open} finds tracefs ({@code /sys/kernel/tracing}, {@code /sys/kernel/debug/tracing};
 *       mounts it if absent and allowed), checks that it is writable and idle, saves what it will change;</li>
 *   <li>{@link #enable()} right before the measurement: tracer, events, cpumask, buffer size,
 *       clears {@code trace}, {@code tracing_on=1};</li>
 *   <li>{@link #stopAndCollect()} after it: {@code tracing_on=0}, reads {@code trace} trimmed to the
 *       configured size (the tail, plus the region around a trace mark) and <b>always</b> restores;</li>
 *   <li>{@link #close()} restores even when nothing was collected (the test failed or was aborted).</li>
 * </ol>
 * Restoring means {@code tracing_on=0}, {@code current_tracer=nop}, events disabled (those enabled
 * before the session re-enabled), cpumask and buffer size as they were, and unmounting what the
 * session mounted. When ftrace cannot be used, the session is <em>unavailable</em> with a reason and
 * every step is a no-op; {@link #stopAndCollect()} then returns {@link TraceCapture#unavailable}.
 * Every command has {@link FtraceOptions#commandTimeout()} as its bound; the scripts run with
 * {@code sh} and work in a busybox guest.
 */
public final class FtraceSession implements AutoCloseable {

    private final Node node;
    private final FtraceOptions options;
    private final String tracefs;
    private final String mounted;
    private final List<String> savedEvents;
    private final String savedCpumask;
    private final String savedBufferKb;
    private String unavailableReason;
    private LabResources resources = LabResources.none();
    private Reaper.Registration undo;
    private List<String> missingEvents = List.of();
    private boolean enabled;
    private boolean restored;
    private TraceCapture capture;

    private FtraceSession(Node node, FtraceOptions options, String tracefs, String mounted, List<String> savedEvents,
                          String savedCpumask, String savedBufferKb, String unavailableReason) {
        this.node = node;
        this.options = options;
        this.tracefs = tracefs;
        this.mounted = mounted;
        this.savedEvents = savedEvents;
        this.savedCpumask = savedCpumask;
        this.savedBufferKb = savedBufferKb;
        this.unavailableReason = unavailableReason;
        this.restored = unavailableReason != null;
    }

    /** A session that found no usable tracefs: nothing saved, nothing to restore. */
    private FtraceSession(Node node, FtraceOptions options, String unavailableReason) {
        this.node = node;
        this.options = options;
        this.tracefs = null;
        this.mounted = null;
        this.savedEvents = List.of();
        this.savedCpumask = null;
        this.savedBufferKb = null;
        this.unavailableReason = java.util.Objects.requireNonNull(unavailableReason, "unavailableReason");
        this.restored = true;
    }

    /**
     * Opens a session: finds tracefs and checks it, changes nothing yet (except mounting tracefs).
     *
     * @param node the host or guest to trace
     * @param options tracer, events, CPUs, buffer size and limits of the session
     * @return an open session, or an unavailable one whose reason says why ftrace cannot be used
     */
    public static FtraceSession open(Node node, FtraceOptions options) {
        ExecResult r = run(node, FtraceScripts.open(options.mountIfAbsent()), options.commandTimeout());
        List<String> lines = r.stdoutTail();
        Map<String, String> kv = FtraceScripts.keyValues(lines);
        if (!r.succeeded()) {
            return unavailable(node, options, "probing tracefs failed: " + r.outcome() + tail(r));
        }
        if (kv.containsKey("unavailable")) {
            return unavailable(node, options, kv.get("unavailable").strip());
        }
        String tracefs = kv.get("tracefs");
        String mounted = kv.getOrDefault("mounted", "");
        String reason = null;
        String writable = kv.getOrDefault("writable", "0");
        String current = kv.getOrDefault("current_tracer", "?").strip();
        List<String> tracers = Arrays.asList(kv.getOrDefault("available_tracers", "").trim().split("\\s+"));
        if (tracefs == null) {
            reason = "tracefs probe printed no tracefs path" + tail(r);
        } else if (!writable.startsWith("1")) {
            reason = "tracefs at " + tracefs + " is not writable: " + writable.substring(1).strip();
        } else if (!"nop".equals(current)) {
            reason = "tracefs at " + tracefs + " is busy: current_tracer=" + current
                    + " (another tracer is running; the session leaves it alone)";
        } else if (!tracers.contains(options.tracer())) {
            reason = "tracer '" + options.tracer() + "' is not available in this kernel (available: "
                    + String.join(" ", tracers) + ")";
        }
        List<String> events = FtraceScripts.all(lines, "set_event");
        String cpumask = options.cpus().isEmpty() ? null : kv.get("tracing_cpumask");
        String buffer = options.bufferSizeKb() == null ? null : kv.get("buffer_size_kb");
        FtraceSession session = new FtraceSession(node, options, tracefs, mounted, events, cpumask, buffer, reason);
        if (reason != null && !mounted.isEmpty()) {
            // Unavailable (possibly busy with someone else's tracer): touch nothing, only unmount what we mounted.
            ExecResult u = run(node, "umount " + io.kvm4nfv.node.Shell.quote(mounted), options.commandTimeout());
            if (!u.succeeded()) {
                session.unavailableReason = reason + "; and unmounting " + mounted + " failed: " + u.outcome();
            }
        }
        return session;
    }

    /**
     * Registers, from now on, the restore of ftrace on the node with {@code resources} before
     * tracing is switched on, so a killed JVM does not leave the node tracing (the embedded
     * lab's host is the machine running the tests). Returns this.
     *
     * @param resources where the restore is registered; {@link LabResources#none()} for nowhere
     * @return this session
     */
    public FtraceSession undoWith(LabResources resources) {
        this.resources = java.util.Objects.requireNonNull(resources, "resources");
        return this;
    }

    /**
     * {@link #open} and {@link #enable()} in one call.
     *
     * @param node the host or guest to trace
     * @param options tracer, events, CPUs, buffer size and limits of the session
     * @return a session that is tracing, or an unavailable one whose reason says why
     */
    public static FtraceSession start(Node node, FtraceOptions options) {
        FtraceSession session = open(node, options);
        session.enable();
        return session;
    }

    private static FtraceSession unavailable(Node node, FtraceOptions options, String reason) {
        return new FtraceSession(node, options, reason);
    }

    /**
     * Whether ftrace can be (or is being) used on the node.
     *
     * @return {@code true} unless probing or enabling ftrace failed
     */
    public boolean available() {
        return unavailableReason == null;
    }

    /**
     * Why ftrace cannot be used, if it cannot.
     *
     * @return the reason, or empty while ftrace is usable
     */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    /**
     * The tracefs directory in use (e.g. to write {@code trace_marker}), when available.
     *
     * @return the tracefs path, e.g. {@code /sys/kernel/tracing}, or empty when unavailable
     */
    public Optional<String> tracefs() {
        return available() ? Optional.ofNullable(tracefs) : Optional.empty();
    }

    /**
     * The session's options (for the attach policy).
     *
     * @return the options the session was opened with
     */
    public FtraceOptions options() {
        return options;
    }

    /**
     * Configures ftrace and switches tracing on. When a write fails the session restores and
     * becomes unavailable with the failing file named. No-op when unavailable or already enabled.
     */
    public void enable() {
        if (!available() || enabled) {
            return;
        }
        restored = false;
        undo = resources.registerUndo("ftrace-" + node.name(),
                FtraceScripts.restore(tracefs, mounted, savedEvents, savedCpumask, savedBufferKb));
        ExecResult r = run(node, FtraceScripts.enable(tracefs, options), options.commandTimeout());
        List<String> lines = r.stdoutTail();
        missingEvents = List.copyOf(FtraceScripts.all(lines, "missing-event"));
        if (!r.succeeded() || !lines.contains("started=1")) {
            String failed = FtraceScripts.keyValues(lines).get("failed");
            unavailableReason = "enabling ftrace failed: " + (failed != null ? "cannot write " + failed : r.outcome())
                    + (failed != null ? "" : tail(r));
            restore();
            return;
        }
        enabled = true;
    }

    /**
     * Stops tracing, collects the trace (trimmed to {@link FtraceOptions#maxCollectedBytes()}) and
     * restores the node. Calling it again returns the same capture.
     *
     * @return the collected trace, or an unavailable capture with the reason when nothing could be collected
     * @throws NodeException when the node could not be restored (the message says what is left)
     */
    public TraceCapture stopAndCollect() {
        if (capture != null) {
            return capture;
        }
        if (!available()) {
            capture = TraceCapture.unavailable(node.name(), unavailableReason);
            restore();
            return capture;
        }
        if (!enabled) {
            capture = TraceCapture.unavailable(node.name(), "ftrace was never enabled in this session");
            restore();
            return capture;
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        TraceCapture collected;
        try {
            ExecResult r = node.exec("sh -c " + io.kvm4nfv.node.Shell.quote(
                            FtraceScripts.collect(tracefs, options.maxCollectedBytes())),
                    ExecOptions.timeout(options.commandTimeout()).withStdout(lines::add).withTailLines(20));
            if (!r.succeeded()) {
                collected = TraceCapture.unavailable(node.name(), "collecting the trace failed: " + r.outcome()
                        + tail(r));
            } else {
                CollectedTrace t = CollectedTrace.parse(List.copyOf(lines));
                collected = TraceCapture.collected(node.name(), tracefs, options.tracer(), options.events(),
                        missingEvents, t);
            }
        } catch (RuntimeException e) {
            collected = TraceCapture.unavailable(node.name(), "collecting the trace failed: " + e.getMessage());
        }
        capture = collected;
        enabled = false;
        restore();
        return capture;
    }

    /** Restores the node if that has not happened yet (test failed, aborted, or never collected). */
    @Override
    public void close() {
        enabled = false;
        restore();
    }

    private void restore() {
        if (restored) {
            return;
        }
        restored = true;
        if (tracefs == null) {
            return;
        }
        ExecResult r = run(node, FtraceScripts.restore(tracefs, mounted, savedEvents, savedCpumask, savedBufferKb),
                options.commandTimeout());
        if (r.succeeded() && undo != null) {
            undo.forget();
            undo = null;
        }
        if (!r.succeeded()) {
            throw new NodeException("[" + node.name() + "] restoring ftrace in " + tracefs + " failed ("
                    + r.outcome() + "): " + String.join("; ", r.stdoutTail()) + tail(r)
                    + " - check with FtraceSession.verifyOff");
        }
    }

    /**
     * Reads what ftrace is doing on the node ({@code tracing_on}, {@code current_tracer}, enabled
     * events), mounting tracefs temporarily when it is not mounted. A session that ended must leave
     * {@link FtraceState#isOff()} true.
     *
     * @param node the host or guest to check
     * @param timeout bound of the command that reads tracefs
     * @return the node's ftrace state; not readable, with the reason, when tracefs could not be read
     */
    public static FtraceState verifyOff(Node node, Duration timeout) {
        ExecResult r = run(node, FtraceScripts.verifyOff(), timeout);
        Map<String, String> kv = FtraceScripts.keyValues(r.stdoutTail());
        if (!r.succeeded()) {
            return new FtraceState(node.name(), false, "reading tracefs failed: " + r.outcome() + tail(r), null,
                    false, null, 0);
        }
        if (kv.containsKey("unreadable")) {
            return new FtraceState(node.name(), false, kv.get("unreadable").strip(), null, false, null, 0);
        }
        String temporary = kv.getOrDefault("temporary", "");
        String where = temporary.isEmpty() ? kv.get("tracefs") : "temporary mount " + temporary;
        int events;
        try {
            events = Integer.parseInt(kv.getOrDefault("enabled_events", "0").strip());
        } catch (NumberFormatException e) {
            events = -1;
        }
        return new FtraceState(node.name(), true, null, where, "1".equals(kv.getOrDefault("tracing_on", "").strip()),
                kv.getOrDefault("current_tracer", "?").strip(), events);
    }

    /**
     * {@link #verifyOff(Node, Duration)} with 30 s.
     *
     * @param node the host or guest to check
     * @return the node's ftrace state; not readable, with the reason, when tracefs could not be read
     */
    public static FtraceState verifyOff(Node node) {
        return verifyOff(node, Duration.ofSeconds(30));
    }

    private static ExecResult run(Node node, String script, Duration timeout) {
        return node.exec("sh -c " + io.kvm4nfv.node.Shell.quote(script),
                ExecOptions.timeout(timeout).withTailLines(500));
    }

    private static String tail(ExecResult r) {
        String err = r.stderrText().strip();
        return err.isEmpty() ? "" : " (stderr: " + (err.length() > 300 ? err.substring(err.length() - 300) : err) + ")";
    }

    @Override
    public String toString() {
        return "ftrace session on " + node.name() + (available() ? " (" + tracefs + ")" : ": unavailable: "
                + unavailableReason);
    }
}
