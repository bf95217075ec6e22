package io.kvm4nfv.probe.hwlat;

import io.kvm4nfv.node.Shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracefs files hwlatdetect changes, as read on a node before a run, and the POSIX shell
 * scripts that read and restore them. hwlatdetect writes {@code current_tracer=hwlat},
 * {@code tracing_thresh}, {@code tracing_on}, {@code tracing_cpumask} ({@code --cpu-list}) and
 * {@code hwlat_detector/window} and {@code width}; its own cleanup puts back only
 * {@code tracing_on=0} and {@code current_tracer=nop}, and nothing when it is killed.
 *
 * @param tracefs        the tracefs directory, or {@code ""} when tracefs was not mounted
 * @param currentTracer  {@code current_tracer}
 * @param tracingOn      {@code tracing_on}
 * @param tracingThresh  {@code tracing_thresh}, µs
 * @param tracingCpumask {@code tracing_cpumask}
 * @param windowUs       {@code hwlat_detector/window}, or {@code ""} without the hwlat tracer
 * @param widthUs        {@code hwlat_detector/width}, or {@code ""} without the hwlat tracer
 */
record HwlatTracefs(String tracefs, String currentTracer, String tracingOn, String tracingThresh,
                    String tracingCpumask, String windowUs, String widthUs) {

    /** What hwlatdetect's own cleanup leaves: restored when tracefs was not mounted before the run. */
    static final HwlatTracefs NOT_MOUNTED = new HwlatTracefs("", "nop", "0", "", "", "", "");

    private static final String FIND = "T=\nfor d in /sys/kernel/tracing /sys/kernel/debug/tracing; do"
            + " if [ -e \"$d/tracing_on\" ]; then T=$d; break; fi; done\n";

    /** Prints {@code key=value} lines: the files' values, or only {@code tracefs=} when it is not mounted. */
    static String readScript() {
        return FIND
                + "echo \"tracefs=$T\"; [ -z \"$T\" ] && exit 0\n"
                + "cd \"$T\" || exit 3\n"
                + "echo \"current_tracer=$(cat current_tracer)\"\n"
                + "echo \"tracing_on=$(cat tracing_on)\"\n"
                + "echo \"tracing_thresh=$(cat tracing_thresh)\"\n"
                + "echo \"tracing_cpumask=$(cat tracing_cpumask)\"\n"
                + "if [ -e hwlat_detector/window ]; then echo \"window=$(cat hwlat_detector/window)\";"
                + " echo \"width=$(cat hwlat_detector/width)\"; fi\n";
    }

    /** The state printed by {@link #readScript()}. */
    static HwlatTracefs parse(List<String> lines) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        String tracefs = kv.getOrDefault("tracefs", "");
        if (tracefs.isEmpty()) {
            return NOT_MOUNTED;
        }
        return new HwlatTracefs(tracefs, kv.getOrDefault("current_tracer", ""), kv.getOrDefault("tracing_on", ""),
                kv.getOrDefault("tracing_thresh", ""), kv.getOrDefault("tracing_cpumask", ""),
                kv.getOrDefault("window", ""), kv.getOrDefault("width", ""));
    }

    /** Whether another tracer than {@code nop} is in use (hwlatdetect would replace it). */
    boolean busy() {
        return !tracefs.isEmpty() && !"nop".equals(currentTracer);
    }

    /**
     * hwlatdetect writes {@code width = window / 2} as a Python float ("250000.0", which the kernel
     * refuses) when the new window is not above the current width: the width to write first, if so.
     */
    boolean widthBlocks(long newWindowUs) {
        try {
            return !widthUs.isEmpty() && Long.parseLong(widthUs) >= newWindowUs;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Writes {@code width} so that hwlatdetect's {@code --window} is accepted. */
    static String prepareScript(String tracefs, long widthUs) {
        return "cd " + Shell.quote(tracefs) + " && printf '%s\\n' " + widthUs + " > hwlat_detector/width";
    }

    /**
     * Puts back every file that differs from this state (tracefs found again: hwlatdetect may have
     * mounted debugfs); {@code tracing_on} last. Prints {@code restored=FILE} and
     * {@code restore-failed=FILE: error}; exits 1 when a write failed.
     */
    String restoreScript() {
        StringBuilder sb = new StringBuilder(FIND);
        sb.append("[ -z \"$T\" ] && exit 0\ncd \"$T\" || { echo 'restore-failed=cannot enter tracefs'; exit 1; }\n");
        sb.append("rc=0\n");
        sb.append("r() { [ -e \"$1\" ] || return 0; [ \"$(cat \"$1\")\" = \"$2\" ] && return 0;"
                + " if e=$( (printf '%s\\n' \"$2\" > \"$1\") 2>&1 ); then echo \"restored=$1\";"
                + " else echo \"restore-failed=$1: $e\"; rc=1; fi; }\n");
        sb.append("r current_tracer ").append(Shell.quote(currentTracer.isEmpty() ? "nop" : currentTracer)).append('\n');
        if (!tracingThresh.isEmpty()) {
            sb.append("r tracing_thresh ").append(Shell.quote(tracingThresh)).append('\n');
        }
        if (!tracingCpumask.isEmpty()) {
            sb.append("r tracing_cpumask ").append(Shell.quote(tracingCpumask)).append('\n');
        }
        if (!windowUs.isEmpty() && !widthUs.isEmpty()) {
            // the kernel keeps width < window: the window first unless it is below the current width
            sb.append("printf '%s\\n' ").append(Shell.quote(windowUs)).append(" > hwlat_detector/window 2>/dev/null\n");
            sb.append("r hwlat_detector/width ").append(Shell.quote(widthUs)).append('\n');
            sb.append("r hwlat_detector/window ").append(Shell.quote(windowUs)).append('\n');
        }
        sb.append("r tracing_on ").append(Shell.quote(tracingOn.isEmpty() ? "0" : tracingOn)).append('\n');
        sb.append("exit $rc\n");
        return sb.toString();
    }
}
