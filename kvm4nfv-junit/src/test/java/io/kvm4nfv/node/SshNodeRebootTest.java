package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.kvm4nfv.testing.MinaSshServer;
import io.kvm4nfv.lab.SshKeys;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reboot-and-wait against a fake node: a MINA server whose {@code boot_id} is a variable.
 * {@code fake-reboot} answers, then drops every connection and refuses logins ("down")
 * until, after {@link #downFor}, the boot id changes and logins work again — or never.
 */
class SshNodeRebootTest {
    @TempDir
    Path dir;
    private final java.util.List<String> commandsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<String> bootId = new AtomicReference<>(UUID.randomUUID().toString());
    private volatile Duration downFor = Duration.ofMillis(1200);
    private volatile boolean comesBack = true;
    private MinaSshServer server;
    private SshNode node;

    @BeforeEach
    void start() throws IOException {
        KeyPair hostKey = MinaSshServer.newHostKey();
        Path key = dir.resolve("id_ecdsa");
        SshKeys.ensure(key, "ecdsa", "kvm4nfv-test");
        Path authorized = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), key);
        server = MinaSshServer.start(hostKey, authorized, (channel, command) -> new FakeCommand(command));
        Path known = Files.writeString(dir.resolve("known_hosts"), SshNodeTest.knownHostsLine(server.port(), hostKey));
        node = new SshNode(new SshTarget("fake-host", "127.0.0.1", server.port(), "root", key, known,
                HostKeyPolicy.STRICT, null, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        node.close();
        server.close();
    }

    @Test
    void waitsUntilTheBootIdChanges() {
        String before = bootId.get();
        RebootResult r = node.reboot(new RebootOptions("fake-reboot", Duration.ofSeconds(20), Duration.ofMillis(100)));
        assertThat(r.oldBootId()).isEqualTo(before);
        assertThat(r.newBootId()).isEqualTo(bootId.get()).isNotEqualTo(before);
        assertThat(r.duration()).isGreaterThanOrEqualTo(downFor).isLessThan(Duration.ofSeconds(15));
        assertThat(r.node()).isEqualTo("fake-host");
        assertThat(node.exec("echo-after", Duration.ofSeconds(5)).stdoutText()).isEqualTo("after");
    }

    @Test
    void aNodeThatRefusesRebootSendsNothingAndSaysWhy() {
        node.refuseReboot("it is the machine running the tests");
        assertThat(node.rebootRefusal()).contains("it is the machine running the tests");
        assertThatThrownBy(() -> node.reboot(new RebootOptions("fake-reboot", Duration.ofSeconds(5), Duration.ofMillis(100))))
                .isInstanceOf(RebootRefusedException.class)
                .hasMessage("[fake-host] refusing to reboot: it is the machine running the tests");
        assertThat(commandsSeen).isEmpty();
        assertThat(node.exec("echo-after", Duration.ofSeconds(5)).succeeded()).isTrue();
    }

    @Test
    void aNodeThatNeverComesBackFailsWithinTheLimit() {
        comesBack = false;
        String before = bootId.get();
        long start = System.nanoTime();
        assertThatThrownBy(() -> node.reboot(new RebootOptions("fake-reboot", Duration.ofSeconds(3), Duration.ofMillis(200))))
                .isInstanceOf(RebootTimeoutException.class)
                .hasMessageContaining("[fake-host]")
                .hasMessageContaining("old boot id " + before)
                .hasMessageContaining("PT3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aFailingRebootCommandFailsAtOnce() {
        assertThatThrownBy(() -> node.reboot(new RebootOptions("refuse-reboot", Duration.ofSeconds(30), Duration.ofMillis(100))))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("exit 1")
                .hasMessageContaining("reboot: permission denied");
    }

    private void goDown() {
        server.refuseLogins(true);
        server.dropSessions();
        if (comesBack) {
            CompletableFuture.delayedExecutor(downFor.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                bootId.set(UUID.randomUUID().toString());
                server.refuseLogins(false);
            });
        }
    }

    /** Answers the few commands a fake host knows; the command line arrives wrapped by SshNode. */
    private final class FakeCommand implements Command {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        FakeCommand(String command) {
            this.command = command;
            commandsSeen.add(command);
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            if (command.contains("/proc/sys/kernel/random/boot_id")) {
                answer(out, bootId.get(), 0);
            } else if (command.contains("fake-reboot")) {
                answer(out, "", 0);
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(SshNodeRebootTest.this::goDown);
            } else if (command.contains("refuse-reboot")) {
                answer(err, "reboot: permission denied", 1);
            } else if (command.contains("echo-after")) {
                answer(out, "after", 0);
            } else {
                answer(err, "fake host: unknown command", 127);
            }
        }

        private void answer(OutputStream to, String text, int status) throws IOException {
            if (!text.isEmpty()) {
                to.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                to.flush();
            }
            exit.onExit(status);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
