package io.kvm4nfv.fault;

import io.kvm4nfv.junit.HostSetup;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.testing.MinaSshServer;
import io.kvm4nfv.lab.SshKeys;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: a pod host that never comes back from a {@code reboot} step of
 * {@code @HostSetup}. The host is a MINA SSHD on loopback that runs commands for real,
 * accepts {@code reboot}, then drops every connection and refuses every login for good.
 * The test must end within the pod's reboot timeout (3 s here) plus a margin, with an
 * error that names the node, its old boot id and the timeout — not pass, not hang.
 */
class HostNeverReturnsIT {

    @TempDir
    Path temp;
    private MinaSshServer server;

    @Kvm4nfvTest
    static class RebootsTheHost {
        @Test
        @HostSetup("reboot")
        void afterReboot() {
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aHostThatNeverComesBackEndsTheTestWithinTheRebootTimeout() throws Exception {
        KeyPair hostKey = MinaSshServer.newHostKey();
        Path key = temp.resolve("id_ecdsa");
        SshKeys.ensure(key, "ecdsa", "kvm4nfv-test");
        Path authorized = SshKeys.writeAuthorizedKeys(temp.resolve("authorized_keys"), key);
        server = MinaSshServer.start(hostKey, authorized, (channel, command) ->
                command.contains("boot_id") || !command.contains("reboot")
                        ? new MinaSshServer.ProcessCommand(channel, command) : new GoesDownForGood());
        Path config = Files.createDirectories(temp.resolve("config/pods"));
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        Files.writeString(config.resolve("lost.yaml"), """
                kind: ssh
                hostKeys:
                  policy: strict
                  knownHosts: %s
                nodes:
                  - name: lost-host
                    role: host
                    address: 127.0.0.1
                    port: %d
                    user: root
                    keyFile: %s
                timeouts:
                  connectSeconds: 2
                  rebootSeconds: 3
                """.formatted(knownHosts, server.port(), key));

        long start = System.nanoTime();
        var results = Kit.run(Kit.labProperties(temp.resolve("labs"), "kvm4nfv.config.dir",
                temp.resolve("config").toString(), "kvm4nfv.pod", "lost"), Map.of(), RebootsTheHost.class);
        long ms = (System.nanoTime() - start) / 1_000_000;

        List<Kit.Outcome> problems = Kit.problems(results);
        assertThat(results.testEvents().succeeded().count()).isZero();
        assertThat(problems).hasSize(1);
        Kit.Outcome outcome = problems.get(0);
        System.out.printf("host never back from reboot: %s after %d ms: %s%n", outcome.status(), ms, outcome.messages());
        assertThat(outcome.status()).isIn(TestExecutionResult.Status.FAILED, TestExecutionResult.Status.ABORTED);
        assertThat(outcome.messages()).contains("lost-host").contains("boot id").contains("PT3S");
        assertThat(ms).as("bounded by the pod's reboot timeout, not a hang").isLessThan(30_000);
    }

    /** Answers {@code reboot} with success, then the "host" is down forever. */
    private final class GoesDownForGood implements Command {
        private ExitCallback exit;

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            exit.onExit(0);
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> {
                server.refuseLogins(true);
                server.dropSessions();
            });
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
