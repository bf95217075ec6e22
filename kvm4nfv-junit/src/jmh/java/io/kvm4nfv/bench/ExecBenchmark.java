package io.kvm4nfv.bench;

import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one remote command: {@link Node#exec} of {@code true} on the library's reused
 * SSH connection, against OpenSSH's {@code ssh} multiplexed on a ControlMaster
 * ({@code -o ControlPath}, the master opened once) and a fresh {@code ssh} per command, to the
 * same server with the same key and known_hosts, interleaved round by round. Two servers:
 * the embedded lab's host node (OpenSSH sshd on loopback) and its guest (dropbear behind
 * QEMU's user-mode network, under TCG when there is no KVM).
 */
final class ExecBenchmark {

    private ExecBenchmark() {
    }

    static void run(Path work, int rounds) throws Exception {
        try (EmbeddedLab lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"))) {
            lab.guest("guest");
            System.out.printf(Locale.ROOT, "%n== one command (`true`), %d rounds each, interleaved: median [min..max] ms ==%n",
                    rounds);
            measure((SshNode) lab.node("host"), work.resolve("cm-host"), rounds);
            measure((SshNode) lab.guest("guest").node(), work.resolve("cm-guest"), rounds);
        }
    }

    private static void measure(SshNode node, Path controlPath, int rounds) throws Exception {
        SshTarget t = node.target();
        List<String> common = List.of("-i", t.keyFile().toString(), "-p", Integer.toString(t.port()),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + t.knownHosts(),
                "-o", "LogLevel=ERROR");
        String dest = t.user() + "@" + t.host();
        List<String> master = new ArrayList<>(List.of("ssh", "-M", "-N", "-f", "-S", controlPath.toString()));
        master.addAll(common);
        master.add(dest);
        // -f: the master goes to the background holding its output; nobody must wait for that to end
        Process masterProcess = new ProcessBuilder(master).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!masterProcess.waitFor(30, TimeUnit.SECONDS) || masterProcess.exitValue() != 0) {
            throw new IllegalStateException("the ControlMaster did not start: " + master);
        }
        List<String> muxed = new ArrayList<>(List.of("ssh", "-S", controlPath.toString(), "-o", "ControlMaster=no"));
        muxed.addAll(common);
        muxed.addAll(List.of(dest, "true"));
        List<String> fresh = new ArrayList<>(List.of("ssh", "-o", "ControlMaster=no", "-o", "ControlPath=none"));
        fresh.addAll(common);
        fresh.addAll(List.of(dest, "true"));
        ExecOptions options = ExecOptions.timeout(Duration.ofSeconds(30));
        List<Double> lib = new ArrayList<>();
        List<Double> mux = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // warm-up: JIT, page cache, the server's first forks
                node.exec("true", options).requireSuccess();
                run(muxed);
                run(fresh);
            }
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                node.exec("true", options).requireSuccess();
                lib.add((System.nanoTime() - t0) / 1e6);
                t0 = System.nanoTime();
                run(muxed);
                mux.add((System.nanoTime() - t0) / 1e6);
                t0 = System.nanoTime();
                run(fresh);
                full.add((System.nanoTime() - t0) / 1e6);
            }
        } finally {
            List<String> exit = new ArrayList<>(List.of("ssh", "-S", controlPath.toString(), "-O", "exit"));
            exit.addAll(common);
            exit.add(dest);
            run(exit);
        }
        double l = BenchStats.median(lib, Double::doubleValue);
        double m = BenchStats.median(mux, Double::doubleValue);
        System.out.printf(Locale.ROOT, "%-6s library exec %s   ssh ControlMaster %s   ssh fresh %s   library/ControlMaster"
                        + " = %.3f (goal <= 1.0)%n", node.name(), cell(lib), cell(mux), cell(full), l / m);
    }

    private static String cell(List<Double> xs) {
        return BenchStats.cell(xs, Double::doubleValue, 1);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + new String(out));
        }
    }
}
