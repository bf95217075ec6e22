package io.kvm4nfv.lab;

import io.kvm4nfv.node.Shell;

/**
 * The owner of something a run leaves on a host while it works (a forwarding path's run folder,
 * the forwarding VMs' folder): a file {@code PID STARTTIME} naming a process in the host's process
 * table. The thing is stale — a later run may remove it — once that process no longer runs with
 * that start time (a crashed JVM, a dropped SSH session). Shell snippets, for any POSIX shell.
 */
public final class OwnerFile {

    private OwnerFile() {
    }

    /**
     * A command group that writes {@code file} for process {@code pid} ({@code -} as start time
     * when the process is not visible); it succeeds when the file is written.
     *
     * @param pid  the owner process's pid on the host
     * @param file path of the owner file on the host (overwritten)
     * @return a POSIX shell command group
     */
    public static String writeCommand(long pid, String file) {
        return "{ o=" + pid + "; t=-; { { read -r l < /proc/$o/stat; } 2>/dev/null && r=${l##*) } && set -- $r"
                + " && t=${20}; true; }; echo \"$o $t\" > " + Shell.quote(file) + "; }";
    }

    /**
     * Defines the shell function {@code k4n_owner_alive FILE}: true when the owner recorded in
     * {@code FILE} runs (not a zombie) with the recorded start time.
     *
     * @return the function definition, ending in {@code "; "} so that a command can follow it
     */
    public static String aliveFunction() {
        return "k4n_owner_alive() { read -r o t < \"$1\" || return 1; { read -r l < /proc/$o/stat; } 2>/dev/null"
                + " || return 1; r=${l##*) }; set -- $r; [ \"$1\" != Z ] && { [ \"$t\" = - ] || [ \"${20}\" = \"$t\" ]; }; }; ";
    }
}
