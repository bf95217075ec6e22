package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.kvm4nfv.testing.OpenSshServer;
import io.kvm4nfv.lab.SshKeys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node contract and the SSH specifics against a real OpenSSH sshd on loopback. */
class SshNodeIT extends NodeContract {
    @TempDir
    static Path serverDir;
    private static OpenSshServer sshd;
    private static SshNode node;

    @BeforeAll
    static void startSshd() {
        sshd = OpenSshServer.start(serverDir.resolve("sshd"));
        node = new SshNode(sshd.target("openssh"));
    }

    @AfterAll
    static void stopSshd() {
        if (node != null) {
            node.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Override
    Node node() {
        return node;
    }

    @Test
    void keyAuthWorksAndBootIdIsThisMachines() throws IOException {
        String local = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        assertThat(node.bootId(Duration.ofSeconds(10))).isEqualTo(local);
    }

    @Test
    void wrongKeyIsRefused() {
        Path other = tmp.resolve("id_other");
        SshKeys.ensureEd25519(other, "kvm4nfv-test");
        SshTarget t = sshd.target("wrong-key");
        SshTarget wrong = new SshTarget(t.name(), t.host(), t.port(), t.user(), other, t.knownHosts(), t.hostKeyPolicy(),
                null, t.connectTimeout(), t.keepAlive());
        try (SshNode n = new SshNode(wrong)) {
            assertThatThrownBy(() -> n.exec("true", Duration.ofSeconds(10))).isInstanceOf(NodeException.class)
                    .hasMessageContaining("authentication failed for user '" + t.user() + "'")
                    .hasMessageContaining("127.0.0.1:" + t.port())
                    .hasMessageContaining(other.toString());
        }
    }

    @Test
    void changedHostKeyIsRefusedShowingBothFingerprints() throws Exception {
        Path otherHostKey = tmp.resolve("other_host_key");
        SshKeys.ensureEd25519(otherHostKey, "kvm4nfv-test");
        Path known = Files.writeString(tmp.resolve("known_hosts"), "[127.0.0.1]:" + sshd.port() + " "
                + SshKeys.publicKeyLineOf(otherHostKey) + "\n");
        SshTarget t = sshd.target("changed");
        SshTarget changed = new SshTarget(t.name(), t.host(), t.port(), t.user(), t.keyFile(), known,
                HostKeyPolicy.TRUST_ON_FIRST_USE, null, t.connectTimeout(), t.keepAlive());
        String realFingerprint = KnownHostsVerifier.lineFingerprint(Files.readString(sshd.knownHosts()));
        String recordedFingerprint = KnownHostsVerifier.lineFingerprint(Files.readString(known));
        try (SshNode n = new SshNode(changed)) {
            assertThatThrownBy(() -> n.exec("true", Duration.ofSeconds(10))).isInstanceOf(NodeException.class)
                    .hasMessageContaining("HOST KEY CHANGED")
                    .hasMessageContaining(realFingerprint)
                    .hasMessageContaining(recordedFingerprint)
                    .hasMessageContaining(known.toString());
        }
        assertThat(realFingerprint).isEqualTo("ssh-ed25519 " + sshKeygenFingerprint(SshKeys.publicKeyOf(sshd.hostKey())));
    }

    @Test
    void timedOutSleepIsGoneAfterwards() {
        // "sleep 1234.NNNN": unique, so that other processes on this machine cannot interfere
        String sleep = "sleep 1234." + (1000 + System.nanoTime() % 9000);
        ExecResult r = node.exec(sleep, Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(processesMatching(sleep)).isEmpty();
    }

    /**
     * Not an assertion on time: prints the median of {@code exec("true")} over the reused
     * connection against a fresh {@code ssh ... true} per command.
     */
    @Test
    void measuresReusedConnectionAgainstSshPerCommand() throws Exception {
        int runs = 20;
        node.exec("true", Duration.ofSeconds(10)).requireSuccess();
        List<Long> reused = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            node.exec("true", Duration.ofSeconds(10)).requireSuccess();
            reused.add(System.nanoTime() - t0);
        }
        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> cmd = new ArrayList<>(List.of("ssh"));
            cmd.addAll(sshd.sshArguments());
            cmd.add("true");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            fresh.add(System.nanoTime() - t0);
            assertThat(p.exitValue()).as("ssh exit status").isZero();
        }
        double reusedMs = median(reused) / 1e6;
        double freshMs = median(fresh) / 1e6;
        System.out.printf("exec(\"true\") median over %d runs: reused sshj connection %.2f ms, ssh per command %.2f ms,"
                + " ratio %.1fx%n", runs, reusedMs, freshMs, freshMs / reusedMs);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static String sshKeygenFingerprint(Path pub) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-lf", pub.toString(), "-E", "sha256").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out.split("\\s+")[1];
    }
}
