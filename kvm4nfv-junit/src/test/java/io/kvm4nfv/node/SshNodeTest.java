package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kvm4nfv.testing.MinaSshServer;
import io.kvm4nfv.lab.SshKeys;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshNode against an embedded Apache MINA SSHD server that runs real processes. */
class SshNodeTest {
    @TempDir
    Path dir;
    private KeyPair hostKey;
    private Path clientKey;
    private Path knownHosts;
    private MinaSshServer server;
    private final List<SshNode> nodes = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        hostKey = MinaSshServer.newHostKey();
        clientKey = dir.resolve("id_ecdsa");
        SshKeys.ensure(clientKey, "ecdsa", "kvm4nfv-test");
        Path authorized = SshKeys.writeAuthorizedKeys(dir.resolve("authorized_keys"), clientKey);
        server = MinaSshServer.start(hostKey, authorized);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine(server.port(), hostKey));
    }

    @AfterEach
    void stop() {
        nodes.forEach(SshNode::close);
        server.close();
    }

    static String knownHostsLine(int port, KeyPair key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }

    private SshTarget target(Path key, Path known, HostKeyPolicy policy) {
        return new SshTarget("mina", "127.0.0.1", server.port(), "tester", key, known, policy, null,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    private SshNode node(SshTarget target) {
        SshNode node = new SshNode(target);
        nodes.add(node);
        return node;
    }

    private SshNode strictNode() {
        return node(target(clientKey, knownHosts, HostKeyPolicy.STRICT));
    }

    @Test
    void keyAuthRunsCommandsOverOneReusedConnection() {
        SshNode node = strictNode();
        assertThat(node.exec("echo hello", Duration.ofSeconds(10)).requireSuccess().stdoutText()).isEqualTo("hello");
        assertThat(node.exec("echo again", Duration.ofSeconds(10)).requireSuccess().stdoutText()).isEqualTo("again");
        assertThat(server.sessionCount()).isEqualTo(1);
        assertThat(node.name()).isEqualTo("mina");
    }

    @Test
    void wrongKeyIsRefusedNamingUserHostAndKeyFileButNotTheKey() throws IOException {
        Path other = dir.resolve("other").resolve("id_other");
        SshKeys.ensure(other, "ecdsa", "kvm4nfv-test");
        SshNode node = node(target(other, knownHosts, HostKeyPolicy.STRICT));
        assertThatThrownBy(() -> node.exec("true", Duration.ofSeconds(10)))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("authentication failed for user 'tester'")
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining(other.toString())
                .hasMessageNotContaining("PRIVATE KEY")
                .hasMessageNotContaining(Files.readString(other).lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void unknownHostIsRefusedUnderStrictWithFingerprintAndHowToTrustIt() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        SshNode node = node(target(clientKey, empty, HostKeyPolicy.STRICT));
        assertThatThrownBy(() -> node.exec("true", Duration.ofSeconds(10)))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("unknown host key for 127.0.0.1 port " + server.port())
                .hasMessageContaining(KnownHostsVerifier.fingerprint(hostKey.getPublic()))
                .hasMessageContaining(empty.toAbsolutePath().toString())
                .hasMessageContaining("ssh-keyscan")
                .hasMessageContaining("TRUST_ON_FIRST_USE");
        assertThat(empty).isEmptyFile();
    }

    @Test
    void hashedKnownHostsEntriesAreUnderstood() throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(knownHosts)).startsWith("|1|");
        assertThat(strictNode().exec("echo ok", Duration.ofSeconds(10)).stdoutText()).isEqualTo("ok");
    }

    @Test
    void trustOnFirstUseRecordsTheKeyAndRefusesAChangedOne() throws IOException {
        Path tofuFile = dir.resolve("pod/known_hosts");
        SshNode first = node(target(clientKey, tofuFile, HostKeyPolicy.TRUST_ON_FIRST_USE));
        assertThat(first.exec("echo first", Duration.ofSeconds(10)).stdoutText()).isEqualTo("first");
        assertThat(tofuFile).content().contains("[127.0.0.1]:" + server.port());
        first.close();

        SshNode again = node(target(clientKey, tofuFile, HostKeyPolicy.STRICT));
        assertThat(again.exec("echo again", Duration.ofSeconds(10)).stdoutText()).isEqualTo("again");
        again.close();

        KeyPair changed = MinaSshServer.newHostKey();
        server.changeHostKey(changed);
        String before = Files.readString(tofuFile);
        SshNode later = node(target(clientKey, tofuFile, HostKeyPolicy.TRUST_ON_FIRST_USE));
        assertThatThrownBy(() -> later.exec("true", Duration.ofSeconds(10)))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("HOST KEY CHANGED for 127.0.0.1 port " + server.port())
                .hasMessageContaining(KnownHostsVerifier.fingerprint(changed.getPublic()))
                .hasMessageContaining(KnownHostsVerifier.fingerprint(hostKey.getPublic()))
                .hasMessageContaining(tofuFile.toAbsolutePath().toString());
        assertThat(tofuFile).hasContent(before.strip());
    }

    @Test
    void exitStatusStderrAndBoundedTail() {
        SshNode node = strictNode();
        ExecResult failed = node.exec("echo out; echo err >&2; exit 3", Duration.ofSeconds(10));
        assertThat(failed.exitStatus()).isEqualTo(3);
        assertThat(failed.stdoutTail()).containsExactly("out");
        assertThat(failed.stderrTail()).containsExactly("err"); // the pid report is not part of it
        List<String> seen = new ArrayList<>();
        ExecResult many = node.exec("seq 1 5000", ExecOptions.timeout(Duration.ofSeconds(10)).withTailLines(3)
                .withStdout(seen::add));
        assertThat(seen).hasSize(5000);
        assertThat(many.stdoutTail()).containsExactly("4998", "4999", "5000");
    }

    @Test
    void timeoutStopsTheRemoteProcessTree() {
        long marker = 700_000 + System.nanoTime() % 99_999;
        ExecResult r = strictNode().exec("sleep " + marker + " & sleep " + (marker + 1), Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(NodeContract.processesMatching("sleep " + marker)).isEmpty());
    }

    @Test
    void uploadsADirectoryOverSftp() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/a/b"));
        Files.writeString(src.resolve("c.txt"), "deep\n");
        Path dest = dir.resolve("dest/x");
        strictNode().upload(dir.resolve("src"), dest.toString(), Duration.ofSeconds(20));
        assertThat(dest.resolve("a/b/c.txt")).hasContent("deep");
    }

    @Test
    void reconnectsAfterTheServerDroppedTheConnection() {
        SshNode node = strictNode();
        assertThat(node.exec("echo one", Duration.ofSeconds(10)).stdoutText()).isEqualTo("one");
        server.dropSessions();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> server.sessionCount() == 0);
        assertThat(node.exec("echo two", Duration.ofSeconds(10)).stdoutText()).isEqualTo("two");
    }

    @Test
    void anIdempotentCommandIsRunAgainWhenTheConnectionDropsUnderIt() throws Exception {
        SshNode node = strictNode();
        node.connect();
        CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() ->
                node.exec("sleep 1; echo done", ExecOptions.timeout(Duration.ofSeconds(20)).asIdempotent()));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> NodeContract.processesMatching("sleep 1; echo done").size() > 0);
        server.dropSessions();
        assertThat(run.get(30, TimeUnit.SECONDS).stdoutText()).isEqualTo("done");
    }

    @Test
    void aNonIdempotentCommandIsNotRunAgain() {
        SshNode node = strictNode();
        node.connect();
        CompletableFuture<ExecResult> run = CompletableFuture.supplyAsync(() ->
                node.exec("sleep 1; echo once", Duration.ofSeconds(20)));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> NodeContract.processesMatching("sleep 1; echo once").size() > 0);
        server.dropSessions();
        assertThatThrownBy(() -> run.join()).hasCauseInstanceOf(NodeException.class)
                .hasMessageContaining("not marked idempotent");
    }

    @Test
    void connectsThroughAJumpHost() {
        SshTarget jump = target(clientKey, knownHosts, HostKeyPolicy.STRICT);
        SshTarget behind = new SshTarget("behind", "127.0.0.1", server.port(), "tester", clientKey, knownHosts,
                HostKeyPolicy.STRICT, jump, Duration.ofSeconds(5), Duration.ofSeconds(2));
        SshNode node = node(behind);
        assertThat(node.exec("echo through", Duration.ofSeconds(10)).stdoutText()).isEqualTo("through");
        assertThat(server.sessionCount()).isEqualTo(2); // the jump connection and the one inside it
    }
}
