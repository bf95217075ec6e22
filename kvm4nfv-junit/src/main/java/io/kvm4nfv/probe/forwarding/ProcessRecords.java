package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.Shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The processes a {@link NetnsForwardingLab} started, one file per process in the lab's run
 * directory ({@code RUN/procs/NAME}, a line {@code PID STARTTIME KIND}), so that the lab's
 * cleanup — and the sweep of a later run after a crash — stops exactly these and nothing else,
 * without scanning the node's process table. {@code STARTTIME} is field 22 of
 * {@code /proc/PID/stat}: a record whose pid now belongs to another process is never signalled.
 * {@code KIND} is {@code process} (that pid) or {@code group} (a process group leader started
 * with {@code setsid}: the whole group is killed, and it counts as alive while its leader is).
 * A zombie does not count as alive: nothing reaps orphans on some machines.
 *
 * <p>A process started by a shell records itself before it runs ({@link #selfRecording}), so no
 * crash can leave it unrecorded; a process started elsewhere (QEMU, from the JVM) is recorded
 * right after its start ({@link #record}).
 */
public final class ProcessRecords {

    /** How a record is stopped. */
    public enum Kind {
        /** Just the pid. */
        PROCESS,
        /** The process group the pid leads (started with {@code setsid}). */
        GROUP;

        String word() {
            return this == PROCESS ? "process" : "group";
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Node node;
    private final String dir;
    private final Duration timeout;

    /**
     * @param node    the node the processes run on
     * @param dir     the records folder on the node (absolute, no blanks or quotes)
     * @param timeout upper bound of each command that reads or writes records
     */
    public ProcessRecords(Node node, String dir, Duration timeout) {
        this.node = Objects.requireNonNull(node, "node");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The records folder on the node.
     *
     * @return the absolute path given to the constructor
     */
    public String dir() {
        return dir;
    }

    /**
     * The argv that writes the record {@code name} of its own pid and then becomes
     * {@code command} ({@code exec}, so the pid stays the same): {@code sh -c '…; exec "$@"' sh
     * command…}. With {@link Kind#GROUP}, start it with {@code setsid} (as
     * {@link io.kvm4nfv.node.DetachedProcess} does) so that the pid leads its own group.
     *
     * @param name    the record's file name: letters, digits, {@code . _ -}, at most 64 characters
     * @param kind    whether the cleanup kills the pid or its whole process group
     * @param command the argv to run, not empty
     * @return the wrapping argv, immutable
     * @throws IllegalArgumentException for a bad record name or an empty command
     */
    public List<String> selfRecording(String name, Kind kind, List<String> command) {
        requireName(name);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to record as " + name);
        }
        // sh -c SCRIPT WORD0 WORDS...: the command is "$0" "$@"; a function has its own positional
        // parameters, so parsing /proc/$$/stat with set -- inside it leaves them alone
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "rec() { read -r s < /proc/$$/stat; r=${s##*) };"
                + " set -- $r; echo \"$$ ${20} " + kind.word() + "\" > " + Shell.quote(dir + "/" + name) + "; };"
                + " rec && exec \"$0\" \"$@\""));
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /**
     * Records {@code pid} (a running process started elsewhere) as {@code name}, with its start
     * time read on the node now.
     *
     * @param name the record's file name: letters, digits, {@code . _ -}, at most 64 characters
     * @param pid  the process id on the node
     * @param kind whether the cleanup kills the pid or its whole process group
     * @throws IllegalArgumentException  for a bad record name
     * @throws ForwardingFailedException when the process does not run (any more)
     */
    public void record(String name, long pid, Kind kind) {
        ExecResult r = node.exec(recordCommand(name, String.valueOf(pid), kind), timeout);
        if (!r.succeeded()) {
            throw new ForwardingFailedException("[" + node.name() + "] cannot record " + name + " (pid " + pid + ") in "
                    + dir + ": " + r.outcome() + " " + r.stderrText());
        }
    }

    /**
     * A shell command that records the process whose pid {@code pidWord} expands to (e.g.
     * {@code $(cat RUN/ovs-vswitchd.pid)}) as {@code name}; it fails when no such process runs.
     *
     * @param name    the record's file name: letters, digits, {@code . _ -}, at most 64 characters
     * @param pidWord a shell word that expands to the pid; inserted unquoted
     * @param kind    whether the cleanup kills the pid or its whole process group
     * @return the command, a subshell in parentheses
     * @throws IllegalArgumentException for a bad record name
     */
    public String recordCommand(String name, String pidWord, Kind kind) {
        requireName(name);
        return "(p=" + pidWord + " && [ -n \"$p\" ] && read -r s < /proc/$p/stat && r=${s##*) } && set -- $r"
                + " && echo \"$p ${20} " + kind.word() + "\" > " + Shell.quote(dir + "/" + name) + ")";
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a record name: " + name);
        }
    }

    /**
     * Shell functions over a records folder {@code $D}: {@code rec_alive PID START} (runs, not a
     * zombie, same start time), {@code rec_kill} (SIGKILL to every recorded process or group
     * that is still the recorded one), {@code rec_live} (prints {@code PID KIND NAME} of every
     * recorded process still alive). Reads only the records and their {@code /proc/PID/stat}.
     */
    static String functions() {
        return "rec_alive() { w=$2; { read -r s < /proc/$1/stat; } 2>/dev/null || return 1; r=${s##*) }; set -- $r;"
                + " [ \"$1\" != Z ] && [ \"${20}\" = \"$w\" ]; }; "
                // the group of a leader that is gone may still have members: its id cannot have been reused
                + "rec_same() { w=$2; [ -e /proc/$1 ] || return 0; { read -r s < /proc/$1/stat; } 2>/dev/null || return 0;"
                + " r=${s##*) }; set -- $r; [ \"${20}\" = \"$w\" ]; }; "
                + "rec_kill() { for f in \"$D\"/*; do [ -f \"$f\" ] || continue; read -r pid start kind < \"$f\" || continue;"
                + " rec_same \"$pid\" \"$start\" || continue;"
                + " if [ \"$kind\" = group ]; then kill -KILL -\"$pid\" 2>/dev/null; fi; kill -KILL \"$pid\" 2>/dev/null;"
                + " done; true; }; "
                + "rec_live() { for f in \"$D\"/*; do [ -f \"$f\" ] || continue; read -r pid start kind < \"$f\" || continue;"
                + " rec_alive \"$pid\" \"$start\" && echo \"$pid $kind ${f##*/}\"; done; true; }; ";
    }
}
