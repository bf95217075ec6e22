package io.kvm4nfv.junit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider.Lock;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock keys: pod name always, the machines of a real pod, nothing shared between embedded pods. */
class PodResourceLocksTest {

    @TempDir
    Path temp;
    private String savedConfigDir;

    private static final String SSH_POD = """
            kind: ssh
            hostKeys:
              policy: strict
              knownHosts: pod.known_hosts
            nodes:
              - name: jump
                role: jump
                address: 192.0.2.1
                user: jenkins
                keyFile: keys/id
              - name: node1
                role: host
                address: %s
                user: root
                keyFile: keys/id
                via: jump
              - name: guest1
                role: guest
                host: node1
                forwardPort: 5555
                user: root
                keyFile: keys/id
            """;

    @BeforeEach
    void setUp() throws Exception {
        Path pods = Files.createDirectories(temp.resolve("pods"));
        Files.writeString(pods.resolve("pod-a.yaml"), SSH_POD.formatted("192.0.2.11"));
        Files.writeString(pods.resolve("pod-b.yaml"), SSH_POD.formatted("192.0.2.11"));
        Files.writeString(pods.resolve("pod-c.yaml"), SSH_POD.formatted("192.0.2.12"));
        Files.writeString(pods.resolve("emb.yaml"), "kind: embedded\nnodes:\n  - name: host\n    role: host\n");
        Files.writeString(pods.resolve("pod.known_hosts"), "");
        savedConfigDir = System.getProperty("kvm4nfv.config.dir");
        System.setProperty("kvm4nfv.config.dir", temp.toString());
    }

    @AfterEach
    void restore() {
        if (savedConfigDir == null) {
            System.clearProperty("kvm4nfv.config.dir");
        } else {
            System.setProperty("kvm4nfv.config.dir", savedConfigDir);
        }
    }

    @Test
    void aRealPodLocksItsNameAndEveryMachineButNotTheJumpHost() {
        assertThat(PodResourceLocks.locksFor("pod-a")).containsExactly(
                new Lock("kvm4nfv.pod:pod-a", ResourceAccessMode.READ_WRITE),
                new Lock("kvm4nfv.node:192.0.2.11:22", ResourceAccessMode.READ_WRITE),
                new Lock("kvm4nfv.node:192.0.2.11:5555", ResourceAccessMode.READ_WRITE));
    }

    @Test
    void twoPodFilesNamingTheSameMachineShareItsLockAndOthersDoNot() {
        assertThat(PodResourceLocks.locksFor("pod-b")).contains(new Lock("kvm4nfv.node:192.0.2.11:22"));
        assertThat(PodResourceLocks.locksFor("pod-c")).doesNotContain(new Lock("kvm4nfv.node:192.0.2.11:22"))
                .contains(new Lock("kvm4nfv.node:192.0.2.12:22"));
    }

    @Test
    void anEmbeddedPodOrAnUnreadableOneLocksOnlyItsName() {
        assertThat(PodResourceLocks.locksFor("emb")).containsExactly(new Lock("kvm4nfv.pod:emb"));
        assertThat(PodResourceLocks.locksFor("no-such-pod")).containsExactly(new Lock("kvm4nfv.pod:no-such-pod"));
    }

    @Pod("pod-c")
    static class Pinned {
    }

    @Test
    void aPinnedClassLocksItsPodTheOthersTheSelectedOne() {
        PodResourceLocks provider = new PodResourceLocks();
        assertThat(provider.provideForClass(Pinned.class)).contains(new Lock("kvm4nfv.pod:pod-c"));
        String saved = System.getProperty("kvm4nfv.pod");
        System.setProperty("kvm4nfv.pod", "pod-a");
        try {
            assertThat(provider.provideForClass(PodResourceLocksTest.class)).contains(new Lock("kvm4nfv.pod:pod-a"));
        } finally {
            if (saved == null) {
                System.clearProperty("kvm4nfv.pod");
            } else {
                System.setProperty("kvm4nfv.pod", saved);
            }
        }
    }
}
