package io.kvm4nfv.node;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * How a remote command is made stoppable. The command line runs as
 * <pre>printf '%s %s\n' TOKEN "$$" &gt;&amp;2; exec /bin/sh -c 'COMMAND'</pre>
 * so the first stderr line reports the pid of the process that runs it (the login shell,
 * replaced by {@code /bin/sh} with the same pid). Under OpenSSH that process is a session
 * and process-group leader. {@link #killScript(long)} is a POSIX shell script (dash, bash
 * and busybox ash) run over a separate session that stops that process, every process of its
 * process group (only when it leads one, so a server's own group is never hit) and every
 * descendant found in {@code /proc}: SIGSTOP (no more forks), SIGTERM + SIGCONT, and
 * SIGKILL for whatever is still alive after two seconds.
 */
final class RemoteProcess {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;

    private RemoteProcess(String token) {
        this.token = token;
    }

    /** A new wrapper with a random token (so command output cannot imitate the pid line). */
    static RemoteProcess create() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new RemoteProcess("kvm4nfv-pid-" + HexFormat.of().formatHex(b));
    }

    /** The command line to send: reports the pid, then runs {@code command} under {@code /bin/sh}. */
    String wrap(String command) {
        return "printf '%s %s\\n' " + token + " \"$$\" >&2; exec /bin/sh -c " + Shell.quote(command);
    }

    /** The pid in the first stderr line, when that line is the pid report. */
    OptionalLong parsePid(String firstStderrLine) {
        if (!firstStderrLine.startsWith(token + " ")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(firstStderrLine.substring(token.length() + 1).trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A shell script that stops process {@code pid}, its process group (if it leads one) and its descendants. */
    static String killScript(long pid) {
        return String.join("\n",
                "exec 2>/dev/null",
                "t=" + pid,
                "victims() {",
                "  g=''",
                "  if read -r l < /proc/$t/stat; then set -- ${l##*) }; [ \"$3\" = \"$t\" ] && g=$t; fi",
                "  list=\" $t \"; changed=1",
                "  while [ $changed = 1 ]; do",
                "    changed=0",
                "    for f in /proc/[0-9]*/stat; do",
                "      read -r l < \"$f\" || continue",
                "      p=${l%% *}; [ \"$p\" = \"$$\" ] && continue",
                "      case \"$list\" in *\" $p \"*) continue;; esac",
                "      set -- ${l##*) }",
                "      case \"$list\" in *\" $2 \"*) list=\"$list$p \"; changed=1; continue;; esac",
                "      if [ -n \"$g\" ] && [ \"$3\" = \"$g\" ]; then list=\"$list$p \"; changed=1; fi",
                "    done",
                "  done",
                "  echo $list",
                "}",
                "alive() {",
                "  a=''",
                "  for p in $1; do",
                "    if read -r l < /proc/$p/stat; then set -- ${l##*) }; [ \"$1\" != Z ] && a=\"$a $p\"; fi",
                "  done",
                "  echo $a",
                "}",
                "v=$(victims); kill -STOP $v",
                "v=$(victims); kill -STOP $v; kill -TERM $v; kill -CONT $v",
                "i=0",
                "while [ $i -lt 20 ]; do",
                "  left=$(alive \"$v\")",
                "  [ -z \"$left\" ] && exit 0",
                "  sleep 0.1; i=$((i+1))",
                "done",
                "left=$(alive \"$v $(victims)\")",
                "[ -n \"$left\" ] && kill -KILL $left",
                "exit 0",
                "");
    }
}
