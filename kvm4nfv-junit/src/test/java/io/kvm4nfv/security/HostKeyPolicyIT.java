package io.kvm4nfv.security;

import io.kvm4nfv.fault.Kit;
import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.testing.OpenSshServer;
import io.kvm4nfv.lab.SshKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host-key policy seen from a test class on a real (SSH) pod whose host is an OpenSSH
 * sshd on loopback: strict by default (an unknown host is refused, with its fingerprint
 * and how to trust it), trust-on-first-use records the key once, and a changed key is
 * refused under both policies, naming both fingerprints. The lab-level tests of the
 * embedded lab's own strict known_hosts are in {@code LabSshdIT}; the node-level ones
 * (hashed entries, MINA) in {@code SshNodeTest}.
 */
class HostKeyPolicyIT {

    @TempDir
    static Path temp;
    private static OpenSshServer sshd;

    @Kvm4nfvTest
    static class UsesTheHost {
        @Test
        void runs(Lab lab) {
            lab.node("pod-host").exec("true", java.time.Duration.ofSeconds(30)).requireSuccess();
        }
    }

    @BeforeAll
    static void start() {
        sshd = OpenSshServer.start(temp.resolve("sshd"));
    }

    @AfterAll
    static void stop() {
        sshd.close();
    }

    private EngineExecutionResults runOn(String pod, String policyLines, Path knownHosts) throws Exception {
        Path config = Files.createDirectories(temp.resolve("config-" + pod + "/pods"));
        Files.writeString(config.resolve(pod + ".yaml"), """
                kind: ssh
                hostKeys:
                %s  knownHosts: %s
                nodes:
                  - name: pod-host
                    role: host
                    address: 127.0.0.1
                    port: %d
                    user: %s
                    keyFile: %s
                timeouts:
                  connectSeconds: 5
                """.formatted(policyLines, knownHosts, sshd.port(), sshd.user(), sshd.clientKey()));
        return Kit.run(Kit.labProperties(temp.resolve("labs"), "kvm4nfv.config.dir", config.getParent().toString(),
                "kvm4nfv.pod", pod), Map.of(), UsesTheHost.class);
    }

    private static Kit.Outcome refused(EngineExecutionResults results) {
        List<Kit.Outcome> problems = Kit.problems(results);
        assertThat(results.testEvents().succeeded().count()).as("the test must not run against that host").isZero();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).status()).as("a refused host key must fail the test, not skip it")
                .isEqualTo(TestExecutionResult.Status.FAILED);
        return problems.get(0);
    }

    @Test
    void strictIsTheDefaultAndRefusesAnUnknownHostSayingHowToTrustIt() throws Exception {
        Path empty = Files.writeString(temp.resolve("empty_known_hosts"), "");
        Kit.Outcome outcome = refused(runOn("strict-default", "", empty));
        assertThat(outcome.messages()).contains("unknown host key for 127.0.0.1 port " + sshd.port())
                .contains("SHA256:").contains("STRICT").contains(empty.toString());
        assertThat(empty).isEmptyFile();
    }

    @Test
    void trustOnFirstUseRecordsTheKeyOnceThenConnects() throws Exception {
        Path tofu = Files.writeString(temp.resolve("tofu_known_hosts"), "");
        EngineExecutionResults first = runOn("tofu", "  policy: trust-on-first-use\n", tofu);
        assertThat(Kit.problems(first)).extracting(Kit.Outcome::messages).isEmpty();
        String recorded = Files.readString(tofu);
        assertThat(recorded).contains("[127.0.0.1]:" + sshd.port()).contains("ssh-ed25519");

        EngineExecutionResults second = runOn("tofu", "  policy: trust-on-first-use\n", tofu);
        assertThat(Kit.problems(second)).isEmpty();
        assertThat(Files.readString(tofu)).as("recorded once").isEqualTo(recorded);
    }

    @Test
    void aChangedHostKeyIsRefusedUnderBothPoliciesNamingBothFingerprints() throws Exception {
        Path other = temp.resolve("other_host_key");
        SshKeys.ensureEd25519(other, "kvm4nfv-test");
        String otherKeyLine = SshKeys.publicKeyLineOf(other);
        Path changed = Files.writeString(temp.resolve("changed_known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " " + otherKeyLine + "\n");
        for (String policy : List.of("  policy: strict\n", "  policy: trust-on-first-use\n")) {
            Kit.Outcome outcome = refused(runOn("changed", policy, changed));
            assertThat(outcome.messages()).as(policy).contains("HOST KEY CHANGED for 127.0.0.1 port " + sshd.port());
            assertThat(outcome.messages().split("SHA256:", -1)).as("both fingerprints").hasSizeGreaterThanOrEqualTo(3);
            assertThat(Files.readString(changed)).as("never overwritten").contains(otherKeyLine).hasLineCount(1);
        }
    }
}
