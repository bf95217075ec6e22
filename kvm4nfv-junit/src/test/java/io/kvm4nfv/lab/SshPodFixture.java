package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@code kind: ssh} pod written as for a real lab, whose host is this machine behind a real
 * OpenSSH sshd (borrowed from an embedded lab, strict known_hosts) and whose guest is
 * <em>launched by the pod's own launch script over SSH</em> ({@code launch.script:
 * run-guest.sh}, in the pod's host script folder, QEMU daemonized with a QMP socket and a
 * heartbeat serial port at the paths of {@code launch.qmpSocket} / {@code launch.heartbeatSocket},
 * its SSH forwarded from {@code 127.0.0.1:forwardPort}). The embedded lab lends only the sshd,
 * the guest image (kernel + initramfs) and the client key; the pod's lab ({@code SshLab}) sees
 * none of it. Nothing of the embedded lab's guest machinery is used.
 */
public final class SshPodFixture implements AutoCloseable {

    public static final String POD = "ssh-pod";
    public static final String HOST = "node1";
    public static final String GUEST = "guest1";

    private final EmbeddedLab borrowed;
    private final Path configDir;
    private final Path runDir;

    private SshPodFixture(EmbeddedLab borrowed, Path configDir, Path runDir) {
        this.borrowed = borrowed;
        this.configDir = configDir;
        this.runDir = runDir;
    }

    /**
     * Writes the pod into {@code temp/config} and returns the fixture.
     *
     * @param yamlExtra more top-level YAML appended to the pod file (e.g. an {@code sla:} section)
     */
    public static SshPodFixture create(Path temp, String yamlExtra) {
        EmbeddedLab lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"));
        try {
            Path runDir = Files.createTempDirectory(Path.of("/tmp"), "k4n-sshpod-");
            Path config = Files.createDirectories(temp.resolve("config"));
            Path pods = Files.createDirectories(config.resolve("pods"));
            Path projectConfig = Path.of(System.getProperty("kvm4nfv.config.dir", "../config"));
            copy(projectConfig.resolve("pods/local"), pods.resolve(POD));
            // the guest image's builder, as in the project's config folder (forwarding VMs boot that image)
            copy(projectConfig.resolve("lab/guest"), config.resolve("lab/guest"));
            writeLaunchScript(lab, pods.resolve(POD).resolve("host/run-guest.sh"));
            SshTarget host = ((SshNode) lab.node("host")).target();
            int forwardPort = LabPaths.freeLoopbackPort();
            Path knownHosts = config.resolve("known_hosts");
            Files.copy(host.knownHosts(), knownHosts);
            KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern("127.0.0.1", forwardPort),
                    lab.image().hostKeyLine());
            Files.writeString(pods.resolve(POD + ".yaml"), """
                    kind: ssh
                    description: this machine and one QEMU guest launched by the pod's script, reached over SSH
                    hostKeys:
                      policy: strict
                      knownHosts: %s
                    scripts:
                      host: %s/host
                      guest: %s/guest
                    nodes:
                      - name: %s
                        role: host
                        address: 127.0.0.1
                        port: %d
                        user: %s
                        keyFile: %s
                        cpus:
                          vcpu: 1
                          stress: 0
                      - name: %s
                        role: guest
                        host: %s
                        forwardPort: %d
                        user: root
                        keyFile: %s
                        launch:
                          script: run-guest.sh
                          qmpSocket: %s/%s.qmp
                          heartbeatSocket: %s/%s.hb
                    timeouts:
                      connectSeconds: 15
                      rebootSeconds: 120
                    %s
                    """.formatted(knownHosts, POD, POD, HOST, host.port(), host.user(), host.keyFile(), GUEST, HOST,
                    forwardPort, lab.directory().clientKey(), runDir, GUEST, runDir, GUEST,
                    yamlExtra == null ? "" : yamlExtra));
            return new SshPodFixture(lab, config, runDir);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * The pod's launch script: starts the guest's QEMU daemonized from the lab's guest image
     * and returns; the paths and the port come from the variables the lab gives a launch script.
     */
    private static void writeLaunchScript(EmbeddedLab lab, Path script) throws IOException {
        String authorizedKey = SshKeys.publicKeyLine(SshKeys.publicKeyOf(lab.directory().clientKey()));
        GuestOptions options = GuestOptions.defaults(GUEST, Path.of("/unused"), 2222, authorizedKey,
                lab.accelerator());
        GuestImage image = lab.image();
        List<String> fixed = new ArrayList<>(List.of("qemu-system-x86_64",
                "-accel", lab.accelerator().qemuName(), "-cpu", lab.accelerator() == Accelerator.KVM ? "host" : "max",
                "-smp", "1", "-m", QemuCommand.effectiveMemoryKb(lab.accelerator(), options.memoryKb()) + "k",
                "-nodefaults", "-no-user-config", "-display", "none"));
        if (options.firmware() != null) {
            fixed.addAll(List.of("-bios", options.firmware().toString()));
        }
        fixed.addAll(List.of("-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", QemuCommand.kernelCommandLine(options), "-device", "virtio-net-pci,netdev=n0"));
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "# ssh-pod's launch script: the guest's QEMU, daemonized; the lab then waits for its SSH",
                "set -eu",
                "run=$(dirname \"$KVM4NFV_QMP_SOCKET\")",
                "mkdir -p \"$run\"",
                "exec " + Shell.command(fixed) + " \\",
                "  -name \"$KVM4NFV_GUEST\" \\",
                "  -serial \"file:$run/$KVM4NFV_GUEST.console\" \\",
                "  -serial \"unix:$KVM4NFV_HEARTBEAT_SOCKET,server=on,wait=off\" \\",
                "  -netdev \"user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$KVM4NFV_GUEST_SSH_PORT-:22\" \\",
                "  -qmp \"unix:$KVM4NFV_QMP_SOCKET,server=on,wait=off\" \\",
                "  -pidfile \"$run/$KVM4NFV_GUEST.pid\" -daemonize",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The config folder ({@code kvm4nfv.config.dir}) holding {@code pods/ssh-pod.yaml}. */
    public Path configDir() {
        return configDir;
    }

    /** The pod, loaded from its file. */
    public PodConfig pod() {
        return PodConfigLoader.fromSystem().loadFile(configDir.resolve("pods").resolve(POD + ".yaml"), configDir);
    }

    /** The folder on the host where the guest's QEMUs keep their sockets, pid files, consoles and logs. */
    public Path runDir() {
        return runDir;
    }

    /** System properties that select this pod. */
    public Map<String, String> selection() {
        return Map.of("kvm4nfv.config.dir", configDir.toString(), "kvm4nfv.pod", POD);
    }

    /** What is left in the run folder (nothing, after the pod's lab closed). */
    public List<String> leftInRunDir() {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        borrowed.close();
        LabPaths.deleteRecursively(runDir);
    }

    /** Copies a folder tree (a pod's script folders). */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
