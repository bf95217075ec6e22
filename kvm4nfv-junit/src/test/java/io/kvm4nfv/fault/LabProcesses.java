package io.kvm4nfv.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes that belong to the embedded labs under one base folder, found from
 * {@code /proc}: a command line that names the base folder (sshd, QEMU) or an environment
 * that carries {@code KVM4NFV_LAB_DIR=<a lab under it>} (everything started through the
 * lab's sshd, including {@code setsid} loads such as stress-ng). What the fault tests
 * require to be empty after every fault.
 */
public final class LabProcesses {

    private LabProcesses() {
    }

    /** {@code "PID COMMAND"} of every live lab process under {@code base} (never this JVM). */
    public static List<String> under(Path base) {
        return matching(base, null);
    }

    /**
     * As {@link #under(Path)}, plus every process a forwarding lab of the JVM {@code ownerPid}
     * marked as its own ({@code K4N_RUN=k4n-<pid base 36>x…}): what one test run has running.
     */
    public static List<String> ofRun(Path base, long ownerPid) {
        return matching(base, ("K4N_RUN=k4n-" + Long.toString(ownerPid, 36) + "x").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Field 22 of {@code /proc/PID/stat} (start time, clock ticks since boot), or -1 when the
     * process is gone or a zombie: a pid with the same start time is the same process.
     */
    public static long startTime(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0 || zombie(proc)) {
            return -1;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        return fields.length > 19 ? Long.parseLong(fields[19]) : -1;
    }

    private static List<String> matching(Path base, byte[] runMarker) {
        String dir = base.toAbsolutePath().normalize().toString();
        byte[] envMarker = ("KVM4NFV_LAB_DIR=" + dir + "/").getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == self || zombie(p)) {
                    continue;
                }
                String cmd = read(p.resolve("cmdline")).replace('\0', ' ').trim();
                byte[] env = readBytes(p.resolve("environ"));
                if (cmd.contains(dir + "/") || indexOf(env, envMarker) >= 0
                        || runMarker != null && indexOf(env, runMarker) >= 0) {
                    found.add(pid + " " + cmd);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Stops every process of every lab under {@code base} now, through each lab's own
     * {@code reaper.sh reap} (the library's only code that kills): for a run that was left
     * behind, before its folder (and the reaper's registry in it) is deleted.
     */
    public static void reapAll(Path base) {
        try (Stream<Path> labs = Files.list(base)) {
            for (Path lab : labs.filter(l -> Files.isRegularFile(l.resolve("reaper.sh"))).toList()) {
                Process p = new ProcessBuilder("sh", lab.resolve("reaper.sh").toString(), "reap", lab.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean zombie(Path proc) {
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        return close < 0 || stat.length() < close + 3 || stat.charAt(close + 2) == 'Z';
    }

    private static String read(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return new byte[0];
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
