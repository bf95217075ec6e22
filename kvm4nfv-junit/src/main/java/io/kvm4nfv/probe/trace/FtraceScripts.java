package io.kvm4nfv.probe.trace;

import io.kvm4nfv.node.Shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The POSIX shell scripts of an ftrace session (bash, dash and busybox ash). Every value is
 * quoted with {@link Shell#quote}. Each script prints {@code key=value} lines.
 */
final class FtraceScripts {

    static final String SECTION = "@@kvm4nfv-";

    /** Lines kept before a trace mark (the lead-up to the spike) and after it. */
    static final int MARK_LINES_BEFORE = 2000;
    static final int MARK_LINES_AFTER = 200;

    private static final String WRITE_FN = "w() { if ! e=$( (printf '%s\\n' \"$2\" > \"$1\") 2>&1 ); then"
            + " echo \"failed=$1: $e\"; exit 3; fi; }\n";

    private FtraceScripts() {
    }

    private static final String FIND = "T=\nfor d in /sys/kernel/tracing /sys/kernel/debug/tracing; do"
            + " if [ -e \"$d/tracing_on\" ]; then T=$d; break; fi; done\n";

    /** Finds (or mounts) tracefs, prints its state and whether it is writable. */
    static String open(boolean mountIfAbsent) {
        return FIND
                + "M=\n"
                + "if [ -z \"$T\" ]; then\n"
                + (mountIfAbsent
                ? "  e=; e2=\n"
                + "  if [ -d /sys/kernel/tracing ] && e=$(mount -t tracefs nodev /sys/kernel/tracing 2>&1)"
                + " && [ -e /sys/kernel/tracing/tracing_on ]; then T=/sys/kernel/tracing; M=$T\n"
                + "  elif [ -d /sys/kernel/debug ] && e2=$(mount -t debugfs nodev /sys/kernel/debug 2>&1)"
                + " && [ -e /sys/kernel/debug/tracing/tracing_on ]; then T=/sys/kernel/debug/tracing; M=/sys/kernel/debug\n"
                + "  else echo \"unavailable=tracefs is not mounted and mounting it failed: \"$e $e2; exit 0; fi\n"
                : "  echo 'unavailable=tracefs is not mounted at /sys/kernel/tracing or /sys/kernel/debug/tracing"
                + " (mounting not allowed)'; exit 0\n")
                + "fi\n"
                + "echo \"tracefs=$T\"; echo \"mounted=$M\"\n"
                + "cd \"$T\" || { echo \"unavailable=cannot enter $T\"; exit 0; }\n"
                + "echo \"current_tracer=$(cat current_tracer)\"\n"
                + "echo \"tracing_on=$(cat tracing_on)\"\n"
                + "b=$(cat buffer_size_kb); case \"$b\" in *expanded:*) b=${b##*expanded: }; b=${b%)} ;; esac\n"
                + "echo \"buffer_size_kb=$b\"\n"
                + "echo \"tracing_cpumask=$(cat tracing_cpumask)\"\n"
                + "echo \"available_tracers=$(cat available_tracers)\"\n"
                + "while read -r l; do echo \"set_event=$l\"; done < set_event\n"
                + "v=$(cat tracing_on)\n"
                + "if e=$( (echo \"$v\" > tracing_on) 2>&1 ); then echo writable=1; else echo \"writable=0 $e\"; fi\n";
    }

    /** Configures and switches tracing on; prints {@code missing-event=} for absent event groups. */
    static String enable(String tracefs, FtraceOptions o) {
        StringBuilder sb = new StringBuilder(WRITE_FN);
        sb.append("cd ").append(Shell.quote(tracefs)).append(" || { echo 'failed=cannot enter tracefs'; exit 3; }\n");
        sb.append("w tracing_on 0\nw current_tracer nop\nw set_event ''\n");
        if (o.bufferSizeKb() != null) {
            sb.append("w buffer_size_kb ").append(o.bufferSizeKb()).append('\n');
        }
        if (!o.cpus().isEmpty()) {
            sb.append("w tracing_cpumask ").append(FtraceOptions.cpumask(o.cpus())).append('\n');
        }
        for (String event : o.events()) {
            String path = "events/" + event.replace(':', '/') + "/enable";
            sb.append("if [ -e ").append(Shell.quote(path)).append(" ]; then w ").append(Shell.quote(path))
                    .append(" 1; else echo missing-event=").append(Shell.quote(event)).append("; fi\n");
        }
        sb.append("w current_tracer ").append(Shell.quote(o.tracer())).append('\n');
        sb.append("w trace ''\nw tracing_on 1\necho started=1\n");
        return sb.toString();
    }

    /**
     * Stops tracing and prints the trace: whole when it fits {@code maxBytes}; otherwise the
     * region around the first trace mark (if any, up to half the budget) and the tail, cut so
     * that the kept text with its elision lines ({@link CollectedTrace#ELISION}) still fits
     * {@code maxBytes}.
     */
    static String collect(String tracefs, long maxBytes) {
        long budget = maxBytes - 2L * (CollectedTrace.ELISION.length() + 1) - 4;
        long regionBefore = budget * 2 / 5;
        long regionAfter = budget / 10;
        long tailWithMark = budget - regionBefore - regionAfter;
        return "cd " + Shell.quote(tracefs) + " || { echo 'failed=cannot enter tracefs'; exit 3; }\n"
                + "echo 0 > tracing_on || { echo 'failed=tracing_on'; exit 3; }\n"
                + "s=$(wc -c < trace)\n"
                + "m=$(grep -n tracing_mark_write trace | head -n 1 | cut -d: -f1)\n"
                + "echo \"" + SECTION + "trace size=$s mark=$m\"\n"
                + "if [ \"$s\" -le " + maxBytes + " ]; then echo '" + SECTION + "all'; cat trace\n"
                + "else\n"
                + "  t=" + budget + "\n"
                + "  if [ -n \"$m\" ]; then a=$((m - " + MARK_LINES_BEFORE + ")); [ \"$a\" -lt 1 ] && a=1\n"
                + "    echo \"" + SECTION + "region $a\"\n"
                + "    sed -n \"${a},${m}p\" trace | tail -c " + regionBefore + "\n"
                + "    echo '" + SECTION + "after'\n"
                + "    sed -n \"$((m + 1)),$((m + " + MARK_LINES_AFTER + "))p\" trace | head -c " + regionAfter + "; echo\n"
                + "    t=" + tailWithMark + "\n"
                + "  fi\n"
                + "  echo '" + SECTION + "tail'; tail -c \"$t\" trace; echo\n"
                + "fi\n"
                + "echo '" + SECTION + "end'\n";
    }

    /** Switches everything off and puts back what was changed; unmounts what the session mounted. */
    static String restore(String tracefs, String mounted, List<String> savedEvents, String savedCpumask,
                          String savedBufferKb) {
        StringBuilder sb = new StringBuilder("rc=0\n");
        sb.append("r() { if ! e=$( (printf '%s\\n' \"$2\" > \"$1\") 2>&1 ); then echo \"restore-failed=$1: $e\"; rc=1; fi; }\n");
        sb.append("if cd ").append(Shell.quote(tracefs)).append("; then\n");
        sb.append("r tracing_on 0\nr current_tracer nop\nr set_event ''\n");
        for (String event : savedEvents) {
            sb.append("printf '%s\\n' ").append(Shell.quote(event)).append(" >> set_event || rc=1\n");
        }
        if (savedCpumask != null) {
            sb.append("r tracing_cpumask ").append(Shell.quote(savedCpumask)).append('\n');
        }
        if (savedBufferKb != null) {
            sb.append("r buffer_size_kb ").append(Shell.quote(savedBufferKb)).append('\n');
        }
        sb.append("r trace ''\n");
        sb.append("else echo 'restore-failed=cannot enter tracefs'; rc=1; fi\n");
        if (mounted != null && !mounted.isEmpty()) {
            sb.append("cd /; umount ").append(Shell.quote(mounted)).append(" || echo umount-failed=")
                    .append(Shell.quote(mounted)).append('\n');
        }
        sb.append("exit $rc\n");
        return sb.toString();
    }

    /** Reads tracing_on, current_tracer and set_event; mounts tracefs temporarily when it is not mounted. */
    static String verifyOff() {
        return FIND
                + "U=\n"
                + "if [ -z \"$T\" ]; then\n"
                + "  U=$(mktemp -d 2>/dev/null) || { U=/tmp/kvm4nfv-tracefs-check.$$; mkdir -p \"$U\"; }\n"
                + "  if e=$(mount -t tracefs nodev \"$U\" 2>&1); then T=$U; else rmdir \"$U\";"
                + " echo \"unreadable=tracefs is not mounted and mounting it failed: \"$e; exit 0; fi\n"
                + "fi\n"
                + "echo \"tracefs=$T\"; echo \"temporary=$U\"\n"
                + "echo \"tracing_on=$(cat \"$T/tracing_on\")\"\n"
                + "echo \"current_tracer=$(cat \"$T/current_tracer\")\"\n"
                + "echo \"enabled_events=$(grep -c . \"$T/set_event\")\"\n"
                + "if [ -n \"$U\" ]; then umount \"$U\"; rmdir \"$U\"; fi\n";
    }

    /** key=value lines to a map (first occurrence wins); repeated keys are collected by {@link #all}. */
    static Map<String, String> keyValues(List<String> lines) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }

    /** Every value of a repeated key. */
    static List<String> all(List<String> lines, String key) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(key + "=")) {
                values.add(line.substring(key.length() + 1));
            }
        }
        return values;
    }
}
