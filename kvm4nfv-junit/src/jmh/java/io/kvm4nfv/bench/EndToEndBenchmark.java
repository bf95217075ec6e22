package io.kvm4nfv.bench;

import io.kvm4nfv.lab.Accelerator;
import io.kvm4nfv.lab.GuestImage;
import io.kvm4nfv.lab.GuestImageBuilder;
import io.kvm4nfv.lab.GuestOptions;
import io.kvm4nfv.lab.GuestStartBenchmark;
import io.kvm4nfv.lab.GuestVm;
import io.kvm4nfv.lab.KnownHostsFile;
import io.kvm4nfv.lab.LabPaths;
import io.kvm4nfv.lab.QemuLauncher;
import io.kvm4nfv.lab.SshKeys;
import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;
import io.kvm4nfv.probe.cyclictest.CyclictestOptions;
import io.kvm4nfv.probe.cyclictest.CyclictestRun;
import io.kvm4nfv.publish.LatencyReport;
import io.kvm4nfv.publish.ResultsFile;
import io.kvm4nfv.result.CyclictestResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end timings on the embedded lab, each as a ratio to a baseline measured in the
 * same run (the machine's load changes from run to run; the ratio is what means something):
 * <ol>
 *   <li><b>framework overhead</b>: a cyclictest run in a lab guest through the library
 *       ({@link SshNode} with its reused connection, {@link CyclictestRun} streaming and
 *       parsing every line, the raw file, the result appended to {@code results.jsonl} and
 *       the summary line) vs a hand-written shell script doing the same with {@code ssh}
 *       + the same cyclictest command line + {@code awk}; goal &le; 1.05;</li>
 *   <li><b>guest start</b>: the library's guest start (QEMU launch and wait for the SSH
 *       banner, {@link QemuLauncher}) vs a bare QEMU boot of the same image to its console
 *       ready marker; and {@link GuestStartBenchmark}'s cold/warm figures with {@code --cold};</li>
 *   <li><b>provisioning N guests</b>, N = 1..4, started in parallel, time until all are
 *       SSH-ready, as a ratio to N = 1; goal sub-linear (T(N)/T(1) &lt; N);</li>
 *   <li><b>one command</b> ({@link ExecBenchmark}): the library's exec vs OpenSSH multiplexed on a
 *       ControlMaster, goal &le; 1.0;</li>
 *   <li><b>live migration</b> ({@link MigrationBenchmark}): the library's vs a bare QMP migration
 *       ({@link BareQmpMigration}) of the same image; goals total &le; 1.10 &times; bare and
 *       &le; 401 ms, downtime &le; 9 ms; forwarding-like &le; 654 ms / 5 ms.</li>
 * </ol>
 * Run: {@code ./mvnw -B -q -pl kvm4nfv-junit -Pbenchmarks -DskipTests -Dbench.main=io.kvm4nfv.bench.EndToEndBenchmark verify}
 * (options through {@code -Dbench.args="--loops 2000 --rounds 5 --max-guests 4 --cold"}; {@code --only overhead},
 * {@code start}, {@code provisioning}, {@code exec} or {@code migration} runs one part, {@code pauses} the
 * experiment behind the migration table; {@code --exec-rounds N}).
 */
public final class EndToEndBenchmark {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration COLD_PAUSE = Duration.ofSeconds(3);

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Maven passes -Dbench.args as one argument: split it
        List<String> a = java.util.Arrays.stream(args).flatMap(s -> java.util.Arrays.stream(s.trim().split("\\s+")))
                .filter(s -> !s.isEmpty()).toList();
        long loops = option(a, "--loops", 2000);
        int rounds = (int) option(a, "--rounds", 5);
        int maxGuests = (int) option(a, "--max-guests", 4);
        Path work = LabPaths.newRunDir("e2e-bench");
        try {
            Path key = work.resolve("id_ed25519");
            SshKeys.ensureEd25519(key, "kvm4nfv-bench");
            String publicKey = SshKeys.publicKeyLineOf(key);
            Path knownHosts = work.resolve("known_hosts");
            GuestImage image = GuestImageBuilder.fromConfigDir(work.resolve("build.log")).build();
            QemuLauncher launcher = new QemuLauncher();
            Accelerator accel = Accelerator.detect(image, launcher);
            System.out.printf(Locale.ROOT, "machine: %d CPUs, accelerator %s, guest kernel %s%n",
                    Runtime.getRuntime().availableProcessors(), accel, image.kernelVersion());

            String only = a.contains("--only") && a.indexOf("--only") + 1 < a.size() ? a.get(a.indexOf("--only") + 1) : "";
            if (!List.of("", "overhead", "start", "provisioning", "migration", "exec", "pauses").contains(only)) {
                throw new IllegalArgumentException("--only overhead|start|provisioning|migration|exec|pauses, not " + only);
            }
            System.out.println("load average at start: " + loadAverage());
            if (only.isEmpty() || only.equals("overhead")) {
                overhead(launcher, image, accel, work, key, publicKey, knownHosts, loops, rounds);
            }
            if (only.isEmpty() || only.equals("start")) {
                guestStart(launcher, image, accel, work, publicKey, rounds);
            }
            if (only.isEmpty() || only.equals("provisioning")) {
                provisioning(launcher, image, accel, work, publicKey, maxGuests);
            }
            if (only.isEmpty() || only.equals("exec")) {
                ExecBenchmark.run(work, (int) option(a, "--exec-rounds", 30));
            }
            if (only.equals("pauses")) {
                MigrationBenchmark.pauses(work);
            }
            if (only.isEmpty() || only.equals("migration")) {
                MigrationBenchmark.run(work, rounds);
            }
            System.out.println("load average at end: " + loadAverage());
            if (a.contains("--cold")) {
                System.out.println("\n== GuestStartBenchmark (cold: image built from Debian packages) ==");
                GuestStartBenchmark.main(new String[0]);
            }
        } finally {
            LabPaths.deleteRecursively(work);
        }
    }

    // ---- 1. framework overhead ------------------------------------------------------------

    private static void overhead(QemuLauncher launcher, GuestImage image, Accelerator accel, Path work, Path key,
                                 String publicKey, Path knownHosts, long loops, int rounds) throws Exception {
        GuestOptions options = options("bench-ct", work, publicKey, accel);
        try (GuestVm vm = launcher.launch(image, options)) {
            vm.awaitSshReady(BOOT_TIMEOUT);
            KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern("127.0.0.1", vm.sshPort()), image.hostKeyLine());
            CyclictestOptions ct = CyclictestOptions.defaults().withLoops(loops).withQuiet(true);
            String command = String.join(" ", ct.commandLine());
            Path script = work.resolve("cyclictest-by-hand.sh");
            Files.writeString(script, String.join("\n",
                    "#!/bin/sh",
                    "# what a test engineer would write without the library",
                    "ssh -q -i " + key + " -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="
                            + knownHosts + " -p " + vm.sshPort() + " root@127.0.0.1 '" + command + "' \\",
                    "  | awk '/^# Min Latencies/ {min=$4} /^# Avg Latencies/ {avg=$4} /^# Max Latencies/ {max=$4}"
                            + " END {print \"min\", min, \"avg\", avg, \"max\", max}' > " + work.resolve("by-hand.txt"),
                    ""));
            Path results = work.resolve("results");
            SshTarget target = new SshTarget("bench-ct", "127.0.0.1", vm.sshPort(), "root", key, knownHosts,
                    HostKeyPolicy.STRICT, null, Duration.ofSeconds(15), null);
            List<Long> lib = new ArrayList<>();
            List<Long> sh = new ArrayList<>();
            try (SshNode node = new SshNode(target).connect()) {
                // one of each first, not measured (page cache, JIT, guest's first cyclictest)
                library(node, ct, results, 0);
                run(List.of("sh", script.toString()), Duration.ofMinutes(5));
                for (int i = 1; i <= rounds; i++) {
                    long t0 = System.nanoTime();
                    library(node, ct, results, i);
                    lib.add(System.nanoTime() - t0);
                    t0 = System.nanoTime();
                    run(List.of("sh", script.toString()), Duration.ofMinutes(5));
                    sh.add(System.nanoTime() - t0);
                }
            }
            System.out.printf(Locale.ROOT, "%n== framework overhead: cyclictest -l %d in a guest, %d rounds, medians ==%n",
                    loops, rounds);
            System.out.println("command: " + command);
            System.out.println("by hand: " + Files.readString(work.resolve("by-hand.txt")).trim());
            System.out.printf(Locale.ROOT, "library %8.1f ms   shell script (ssh + awk) %8.1f ms   library/script = %.3f"
                    + "   (goal <= 1.05)%n", ms(median(lib)), ms(median(sh)), median(lib) / median(sh));
        }
    }

    private static void library(SshNode node, CyclictestOptions ct, Path results, int i) {
        CyclictestResult r = new CyclictestRun(ct, "Idle-Idle", results.resolve("raw/run-" + i + ".txt"),
                Duration.ofMinutes(2), line -> { }).run(node);
        new ResultsFile(results).append("cyclictest", "kvmfornfv_cyclictest_idle_idle", r);
        ResultsFile.appendSummary(results, "kvmfornfv_cyclictest_idle_idle  " + LatencyReport.oneLine(r));
    }

    // ---- 2. guest start ---------------------------------------------------------------------

    /**
     * Each start begins after the same pause ({@link #COLD_PAUSE}): on a VM whose freed memory goes
     * back to its hypervisor after about a second (free page reporting), a QEMU started right after
     * another one exited reuses warm memory and boots hundreds of ms sooner; without the pause the
     * second variant of a round would win for that reason alone. The order alternates by round.
     */
    private static void guestStart(QemuLauncher launcher, GuestImage image, Accelerator accel, Path work,
                                   String publicKey, int rounds) throws Exception {
        List<Long> ssh = new ArrayList<>();
        List<Long> bareMarker = new ArrayList<>();
        List<Long> bareBanner = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (int v = 0; v < 2; v++) {
                Thread.sleep(COLD_PAUSE.toMillis());
                if ((v + i) % 2 == 0) {
                    long t0 = System.nanoTime();
                    try (GuestVm vm = launcher.launch(image, options("bench-start" + i, work, publicKey, accel))) {
                        vm.awaitSshReady(BOOT_TIMEOUT);
                        ssh.add(System.nanoTime() - t0);
                    }
                } else {
                    long[] t = bareBootToBanner(image, options("bench-bare" + i, work, publicKey, accel));
                    bareMarker.add(t[0]);
                    bareBanner.add(t[1]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== guest start (image cached, %d s pause before each), %d rounds, medians ==%n",
                COLD_PAUSE.toSeconds(), rounds);
        System.out.printf(Locale.ROOT, "bare QEMU (ProcessBuilder, 20 ms polls): console ready marker %8.1f ms, SSH banner"
                + " %8.1f ms%n", ms(median(bareMarker)), ms(median(bareBanner)));
        System.out.printf(Locale.ROOT, "library (QemuLauncher + awaitSshReady): SSH-ready %8.1f ms   ratio to bare marker"
                + " = %.3f (goal <= 1.10)   ratio to bare banner = %.3f%n", ms(median(ssh)),
                median(ssh) / median(bareMarker), median(ssh) / median(bareBanner));
    }

    /** A bare QEMU of the image; polls its console for the marker and its forwarded port for an SSH banner every 20 ms. */
    private static long[] bareBootToBanner(GuestImage image, GuestOptions o) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(io.kvm4nfv.lab.QemuCommand.of(image, o).argv()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long marker = -1;
            long deadline = t0 + BOOT_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (marker < 0 && Files.exists(o.consoleLog())
                        && Files.readString(o.consoleLog()).contains(io.kvm4nfv.lab.QemuCommand.READY_MARKER)) {
                    marker = System.nanoTime() - t0;
                }
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", o.sshHostPort()), 1000);
                    s.setSoTimeout(1000);
                    byte[] b = new byte[4];
                    if (s.getInputStream().readNBytes(b, 0, 4) == 4 && new String(b, StandardCharsets.US_ASCII).equals("SSH-")) {
                        return new long[] {marker < 0 ? System.nanoTime() - t0 : marker, System.nanoTime() - t0};
                    }
                } catch (java.io.IOException e) {
                    // not yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("bare QEMU did not answer SSH: " + o.consoleLog());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- 3. provisioning N guests in parallel ---------------------------------------------

    private static void provisioning(QemuLauncher launcher, GuestImage image, Accelerator accel, Path work,
                                     String publicKey, int maxGuests) throws Exception {
        System.out.printf(Locale.ROOT, "%n== provisioning N guests in parallel (time until all are SSH-ready) ==%n");
        long base = 0;
        for (int n = 1; n <= maxGuests; n++) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<GuestVm> vms = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int g = 0; g < n; g++) {
                    GuestOptions o = options("bench-n" + n + "g" + g, work, publicKey, accel);
                    futures.add(pool.submit(() -> {
                        GuestVm vm = launcher.launch(image, o);
                        vms.add(vm);
                        vm.awaitSshReady(BOOT_TIMEOUT);
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(BOOT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
                }
                long t = System.nanoTime() - t0;
                if (n == 1) {
                    base = t;
                }
                System.out.printf(Locale.ROOT, "N=%d  %8.1f ms   T(N)/T(1) = %.2f   (linear would be %d)%n", n, ms(t),
                        (double) t / base, n);
            } finally {
                vms.forEach(GuestVm::close);
                pool.shutdownNow();
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static GuestOptions options(String name, Path work, String publicKey, Accelerator accel) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        return GuestOptions.defaults(name, dir, LabPaths.freeLoopbackPort(), publicKey, accel);
    }

    private static void run(List<String> command, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** The first three fields of /proc/loadavg (1, 5, 15 minutes). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long option(List<String> args, String name, long fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Long.parseLong(args.get(i + 1)) : fallback;
    }

    private static double median(List<Long> values) {
        return BenchStats.median(values, Long::doubleValue);
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
