package io.kvm4nfv.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A process started on a node in its own session ({@code setsid}), so that it and all
 * its children form one process group that can be checked and stopped as a whole —
 * stress loads, cyclictest runs, tracers. Works with bash, dash and busybox ash.
 * Zombies do not count as alive (a node whose init does not reap them would otherwise
 * never look clean).
 */
public final class DetachedProcess implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final Node node;
    private final long pgid;
    private final String description;
    private volatile boolean stopped;

    private DetachedProcess(Node node, long pgid, String description) {
        this.node = node;
        this.pgid = pgid;
        this.description = description;
    }

    /**
     * Starts {@code argv} detached, with stdout and stderr to {@code logFile} on the node,
     * and returns at once.
     *
     * @param node    the node to start the process on
     * @param argv    the program and its arguments, each quoted with {@link Shell}; {@code argv.get(0)} names the process in messages
     * @param logFile path on the node that receives the process's stdout and stderr (overwritten)
     * @return a handle on the new process group, whose id is the started process's pid
     * @throws CommandFailedException when the start command fails or times out (20 s)
     * @throws NodeException when the node did not print a pid
     */
    public static DetachedProcess start(Node node, List<String> argv, String logFile) {
        String command = "setsid " + Shell.command(argv) + " >" + Shell.quote(logFile)
                + " 2>&1 </dev/null & echo $!";
        ExecResult started = node.exec(command, ExecOptions.timeout(COMMAND_TIMEOUT)).requireSuccess();
        long pid;
        try {
            pid = Long.parseLong(started.stdoutText().trim());
        } catch (NumberFormatException e) {
            throw new NodeException("[" + node.name() + "] could not start " + argv.get(0) + ": "
                    + started.stdoutText(), e);
        }
        return new DetachedProcess(node, pid, argv.get(0) + " on " + node.name() + " (pgid " + pid + ")");
    }

    /**
     * The process group id (= the pid of the started process).
     *
     * @return the group's id on the node
     */
    public long pgid() {
        return pgid;
    }

    /**
     * Whether any non-zombie process of the group still runs.
     *
     * @return {@code true} while at least one live member is left; {@code false} also when the check command failed
     */
    public boolean alive() {
        return groupAlive(node, pgid);
    }

    /**
     * Whether any non-zombie process of process group {@code pgid} runs on {@code node}.
     *
     * @param node the node to look on
     * @param pgid the process group id
     * @return {@code true} when a live member was found; {@code false} also when the check command failed or timed out
     */
    public static boolean groupAlive(Node node, long pgid) {
        ExecResult r = node.exec(aliveCommand(pgid), COMMAND_TIMEOUT);
        return r.succeeded() && !r.stdoutText().isBlank();
    }

    /** A shell command printing the pids of the live (non-zombie) members of a process group. */
    static String aliveCommand(long pgid) {
        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parens.
        return "for f in /proc/[0-9]*/stat; do { read -r s < \"$f\"; } 2>/dev/null || continue; r=${s##*) };"
                + " set -- $r; [ \"$3\" = " + pgid + " ] && [ \"$1\" != Z ] && { p=${f#/proc/}; echo \"${p%/stat}\"; };"
                + " done; true";
    }

    /**
     * Stops the group: TERM, then KILL if it is still there after {@code grace}, and waits
     * until nothing of it runs. Idempotent.
     *
     * @param grace how long the group gets to end after SIGTERM before it is sent SIGKILL
     * @throws NodeException when processes survive even KILL
     */
    public void stop(Duration grace) {
        if (stopped) {
            return;
        }
        node.exec("kill -TERM -" + pgid + " 2>/dev/null; true", COMMAND_TIMEOUT);
        if (!gone(grace)) {
            node.exec("kill -KILL -" + pgid + " 2>/dev/null; true", COMMAND_TIMEOUT);
            if (!gone(Duration.ofSeconds(10))) {
                throw new NodeException(description + " survived SIGKILL");
            }
        }
        stopped = true;
    }

    private boolean gone(Duration within) {
        try {
            await().atMost(within.toMillis(), TimeUnit.MILLISECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> !alive());
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return description;
    }
}
