package io.kvm4nfv.probe.migration;

import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.IntegrityReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest side of a migration test, as busybox-sh text the lab uploads and runs inside the
 * guest: the heartbeat ({@code heartbeat.sh}, read on the host by {@link HeartbeatMonitor}),
 * the memory integrity checker ({@code integrity.sh}) and the workloads of {@link Workload}.
 * Background jobs start with {@code setsid ... &} (busybox has no {@code nohup}).
 */
public final class GuestScripts {

    /** Resource name of the heartbeat script. */
    public static final String HEARTBEAT_RESOURCE = "heartbeat.sh";
    /** Resource name of the integrity checker. */
    public static final String INTEGRITY_RESOURCE = "integrity.sh";

    private static final Pattern CHECKED = Pattern.compile("^checked (\\d+)$");

    private GuestScripts() {
    }

    /**
     * The text of {@code heartbeat.sh}: {@code heartbeat.sh TARGET [INTERVAL_US]}.
     *
     * @return the script, to be uploaded into the guest
     * @throws IllegalStateException when the resource is missing from the class path
     */
    public static String heartbeatScript() {
        return resource(HEARTBEAT_RESOURCE);
    }

    /**
     * The text of {@code integrity.sh}: {@code prepare DIR BLOCKS BLOCK_KB | writer DIR | verify DIR < SUMS}.
     *
     * @return the script, to be uploaded into the guest
     * @throws IllegalStateException when the resource is missing from the class path
     */
    public static String integrityScript() {
        return resource(INTEGRITY_RESOURCE);
    }

    /**
     * Starts the heartbeat detached: {@code target} is a device ({@code /dev/ttyS1}) or {@code HOST:PORT}.
     *
     * @param scriptPath where {@link #heartbeatScript()} was uploaded in the guest
     * @param target     the device the beats are written to, or {@code HOST:PORT} to send them over TCP
     * @param intervalUs pause between beats in microseconds, {@code >= 100}
     * @return a guest shell command that starts the heartbeat in the background and returns at once
     * @throws IllegalArgumentException when {@code intervalUs} is below 100
     */
    public static String heartbeat(String scriptPath, String target, long intervalUs) {
        if (intervalUs < 100) {
            throw new IllegalArgumentException("intervalUs must be >= 100, was " + intervalUs);
        }
        return detached(Shell.command("sh", scriptPath, target, Long.toString(intervalUs)));
    }

    /**
     * Writes the integrity blocks into a tmpfs on {@code dir}; prints the static sums to keep on the host.
     *
     * @param scriptPath where {@link #integrityScript()} was uploaded in the guest
     * @param dir        guest directory the tmpfs is mounted on
     * @param blocks     number of static and of dynamic blocks, {@code >= 1}
     * @param blockKb    size of each block in KiB, a multiple of 4 and {@code >= 4}
     * @return a guest shell command whose stdout holds the md5 sums of the static blocks
     * @throws IllegalArgumentException when {@code blocks} or {@code blockKb} is out of range
     */
    public static String integrityPrepare(String scriptPath, String dir, int blocks, int blockKb) {
        if (blocks < 1 || blockKb < 4 || blockKb % 4 != 0) {
            throw new IllegalArgumentException("blocks must be >= 1 and blockKb a multiple of 4 >= 4, were "
                    + blocks + " and " + blockKb);
        }
        return Shell.command("sh", scriptPath, "prepare", dir, Integer.toString(blocks), Integer.toString(blockKb));
    }

    /**
     * Starts the integrity writer detached (rewrites blocks until {@link #integrityVerify}).
     *
     * @param scriptPath where {@link #integrityScript()} was uploaded in the guest
     * @param dir        the directory given to {@link #integrityPrepare}
     * @return a guest shell command that starts the writer in the background and returns at once
     */
    public static String integrityWriter(String scriptPath, String dir) {
        return detached(Shell.command("sh", scriptPath, "writer", dir));
    }

    /**
     * Starts the integrity writer detached, pausing {@code pauseUs} after each generation (so
     * that the checker itself does not keep the guest's vCPU busy and its memory dirty).
     *
     * @param scriptPath where {@link #integrityScript()} was uploaded in the guest
     * @param dir        the directory given to {@link #integrityPrepare}
     * @param pauseUs    sleep after each generation in microseconds, {@code >= 0}
     * @return a guest shell command that starts the writer in the background and returns at once
     * @throws IllegalArgumentException when {@code pauseUs} is negative
     */
    public static String integrityWriter(String scriptPath, String dir, long pauseUs) {
        if (pauseUs < 0) {
            throw new IllegalArgumentException("pauseUs must be >= 0, was " + pauseUs);
        }
        return detached(Shell.command("sh", scriptPath, "writer", dir, Long.toString(pauseUs)));
    }

    /**
     * Stops the writer and verifies everything; {@code sums} is what {@link #integrityPrepare} printed.
     *
     * @param scriptPath where {@link #integrityScript()} was uploaded in the guest
     * @param dir        the directory given to {@link #integrityPrepare}
     * @param sums       the stdout of the prepare command (md5 sums of the static blocks)
     * @return a guest shell command that prints {@code BAD ...} lines, {@code checked N} and the verdict;
     *         read its output with {@link #parseIntegrity}
     */
    public static String integrityVerify(String scriptPath, String dir, String sums) {
        return "printf '%s\\n' " + Shell.quote(sums.strip()) + " | " + Shell.command("sh", scriptPath, "verify", dir);
    }

    /**
     * Reads the output of {@code integrity.sh verify}.
     *
     * @param output the verify command's stdout
     * @return the number of checked blocks and the failures; a failure is also recorded when the
     *         output has no verdict line or says {@code INTEGRITY FAIL} without naming a bad block
     */
    public static IntegrityReport parseIntegrity(String output) {
        int checked = 0;
        boolean ok = false;
        boolean verdict = false;
        List<String> failures = new ArrayList<>();
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            Matcher m = CHECKED.matcher(line);
            if (m.matches()) {
                checked = Integer.parseInt(m.group(1));
            } else if (line.startsWith("BAD ")) {
                failures.add(line.substring(4));
            } else if (line.equals("INTEGRITY OK")) {
                ok = true;
                verdict = true;
            } else if (line.equals("INTEGRITY FAIL")) {
                verdict = true;
            }
        }
        if (!verdict) {
            failures.add("the checker printed no verdict (guest dead or script failed)");
        } else if (!ok && failures.isEmpty()) {
            failures.add("the checker said INTEGRITY FAIL");
        }
        return new IntegrityReport(checked, failures);
    }

    /**
     * A detached guest loop for a workload: rewrites {@link Workload#workingSetBytes()} of a tmpfs
     * file in place at {@link Workload#dirtyRateBytesPerSecond()} (random content, so QEMU cannot
     * send the pages as zero pages). Empty for {@link Workload.Kind#IDLE}.
     *
     * @param workload the load to run in the guest
     * @return a guest shell command that mounts a tmpfs on {@code /run/kvm4nfv-workload} and starts the
     *         loop in the background, or the empty string for an idle workload
     */
    public static String workload(Workload workload) {
        if (workload.kind() == Workload.Kind.IDLE) {
            return "";
        }
        long ws = workload.workingSetBytes();
        long kib = Math.max(4, (ws + 1023) / 1024);
        long periodUs = Math.max(1000, (long) (1e6 * ws / workload.dirtyRateBytesPerSecond()));
        String dir = "/run/kvm4nfv-workload";
        String loop = "mkdir -p " + dir + " && mount -t tmpfs -o size=" + (2 * kib + 1024) + "k kvm4nfv-ws " + dir
                + " && dd if=/dev/urandom of=" + dir + "/src bs=1024 count=" + kib + " 2>/dev/null"
                + " && cp " + dir + "/src " + dir + "/ws"
                + " && while :; do dd if=" + dir + "/src of=" + dir + "/ws bs=4096 conv=notrunc 2>/dev/null;"
                + " usleep " + periodUs + "; done";
        return detached(Shell.command("sh", "-c", loop));
    }

    private static String detached(String command) {
        return "setsid " + command + " >/dev/null 2>&1 </dev/null &";
    }

    private static String resource(String name) {
        try (InputStream in = GuestScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + GuestScripts.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
