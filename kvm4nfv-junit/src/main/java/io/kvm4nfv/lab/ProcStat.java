package io.kvm4nfv.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads Linux {@code /proc/PID/stat}: a process's start time (field 22, clock ticks since
 * boot) is what tells a registered process from a later one that reuses its pid.
 */
final class ProcStat {

    /** USER_HZ: clock ticks per second of /proc times; 100 on every Linux architecture in use. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** Start time of a running, non-zombie process, or empty if there is none with that pid. */
    static OptionalLong startTime(long pid) {
        String stat;
        try {
            stat = readProcFile(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19]
        if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Reads a /proc file line-wise: {@code Files.readAllBytes} trusts the file size, which
     * some kernels report wrongly for /proc and /proc/sys files (e.g. 1 byte of "950000").
     */
    static String readProcFile(Path file) throws IOException {
        return String.join("\n", Files.readAllLines(file));
    }

    /** True while {@code pid} runs and started at {@code startTime}. */
    static boolean isAlive(long pid, long startTime) {
        OptionalLong actual = startTime(pid);
        return actual.isPresent() && actual.getAsLong() == startTime;
    }

    /** Now, in clock ticks since boot (the unit of {@link #startTime(long)}), rounded down. */
    static long ticksNow() {
        try {
            String uptime = readProcFile(Path.of("/proc/uptime")).trim().split("\\s+")[0];
            return (long) (Double.parseDouble(uptime) * TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/uptime", e);
        }
    }
}
