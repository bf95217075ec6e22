package io.kvm4nfv.load;

import io.kvm4nfv.node.DetachedProcess;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A running stress-ng load on one node, in its own process group, started before a
 * measurement and stopped after it: {@link #close()} stops the whole group (TERM, then
 * KILL) and checks that nothing of it remains. stress-ng's own {@code --timeout} is a
 * second bound in case the framework itself dies.
 */
public final class StressLoad implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final Node node;
    private final StressOptions options;
    private final DetachedProcess process;
    private final String logFile;

    private StressLoad(Node node, StressOptions options, DetachedProcess process, String logFile) {
        this.node = node;
        this.options = options;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the load and returns once stress-ng has dispatched its workers (within 20 s).
     *
     * @param node    the node to run stress-ng on
     * @param options the load to run; not {@link StressType#IDLE}
     * @return the running load; close it to stop it
     * @throws NodeException when it does not start (the message carries stress-ng's log)
     */
    public static StressLoad start(Node node, StressOptions options) {
        // on the embedded lab's host (this machine) the log goes into the lab's own logs folder, so
        // a killed JVM leaves nothing in /tmp; elsewhere (a pod's host, a guest) into /tmp
        String labLogs = node.exec("printf '%s' \"${KVM4NFV_LAB_DIR:+$KVM4NFV_LAB_DIR/logs}\"", COMMAND_TIMEOUT)
                .stdoutText().strip();
        String logFile = (labLogs.isEmpty() ? "/tmp" : labLogs) + "/kvm4nfv-stress-"
                + Long.toHexString(System.nanoTime()) + ".log";
        StressLoad load = new StressLoad(node, options, DetachedProcess.start(node, options.argv(), logFile), logFile);
        try {
            await("stress-ng " + options.type() + " dispatching on " + node.name())
                    .atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                    .until(load::dispatched);
        } catch (RuntimeException e) {
            String log = load.log();
            load.close();
            throw new NodeException("stress-ng " + options.type() + " did not start on " + node.name()
                    + ": " + log, e);
        }
        return load;
    }

    private boolean dispatched() {
        String log = log();
        if (log.contains("dispatching hogs") || log.contains("starting stressors")) {
            return true;
        }
        if (!process.alive()) {
            throw new NodeException("stress-ng exited: " + log);
        }
        return false;
    }

    /**
     * The last lines of stress-ng's log.
     *
     * @return up to the last 40 lines, or {@code ""} when the log is gone
     */
    public String log() {
        return node.exec("tail -n 40 " + Shell.quote(logFile) + " 2>/dev/null; true", COMMAND_TIMEOUT).stdoutText();
    }

    /**
     * Whether any process of the load still runs.
     *
     * @return {@code true} while a process of the load's group is alive
     */
    public boolean alive() {
        return process.alive();
    }

    /**
     * What this load runs.
     *
     * @return the options it was started with
     */
    public StressOptions options() {
        return options;
    }

    /**
     * The process group id of the load on its node.
     *
     * @return the pgid that {@link #close()} signals
     */
    public long pgid() {
        return process.pgid();
    }

    /**
     * Where this load runs.
     *
     * @return the name of the node it was started on
     */
    public String nodeName() {
        return node.name();
    }

    /** Stops the load's whole process group and waits until it is gone. Idempotent. */
    @Override
    public void close() {
        try {
            process.stop(Duration.ofSeconds(10));
        } finally {
            node.exec("rm -f " + Shell.quote(logFile), COMMAND_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "stress-ng " + options.type() + " on " + node.name() + " (pgid " + process.pgid() + ")";
    }
}
