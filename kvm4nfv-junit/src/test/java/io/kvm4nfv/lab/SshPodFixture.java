package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The tests' {@link LoopbackSshPod}: a {@code kind: ssh} pod whose host is this machine behind a
 * real OpenSSH sshd (strict known_hosts) and whose guest is launched by the pod's own launch
 * script over SSH; the pod's lab ({@code SshLab}) sees nothing of the embedded lab that lends the sshd.
 */
public final class SshPodFixture implements AutoCloseable {

    public static final String POD = LoopbackSshPod.POD;
    public static final String HOST = LoopbackSshPod.HOST;
    public static final String SECOND_HOST = LoopbackSshPod.SECOND_HOST;
    public static final String GUEST = LoopbackSshPod.GUEST;

    private final LoopbackSshPod pod;

    private SshPodFixture(LoopbackSshPod pod) {
        this.pod = pod;
    }

    /**
     * Writes the pod into {@code temp/config} and returns the fixture.
     *
     * @param yamlExtra more top-level YAML appended to the pod file (e.g. an {@code sla:} section)
     */
    public static SshPodFixture create(Path temp, String yamlExtra) {
        Path projectConfig = Path.of(System.getProperty("kvm4nfv.config.dir", "../config"));
        return new SshPodFixture(LoopbackSshPod.create(temp, projectConfig, yamlExtra));
    }

    /** As {@link #create}, with a second host {@value LoopbackSshPod#SECOND_HOST} behind a second sshd. */
    public static SshPodFixture createWithTwoHosts(Path temp, String yamlExtra) {
        Path projectConfig = Path.of(System.getProperty("kvm4nfv.config.dir", "../config"));
        return new SshPodFixture(LoopbackSshPod.createWithTwoHosts(temp, projectConfig, yamlExtra));
    }

    public Path configDir() {
        return pod.configDir();
    }

    public PodConfig pod() {
        return pod.pod();
    }

    public Path runDir() {
        return pod.runDir();
    }

    public Map<String, String> selection() {
        return pod.selection();
    }

    public List<String> leftInRunDir() {
        return pod.leftInRunDir();
    }

    @Override
    public void close() {
        pod.close();
    }

    /** Copies a folder tree (a pod's script folders). */
    public static void copy(Path from, Path to) throws IOException {
        LoopbackSshPod.copy(from, to);
    }
}
