package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@code kind: ssh} pod written as for a real lab, whose host is this machine behind a real
 * OpenSSH sshd and whose guest is <em>launched by the pod's own launch script over SSH</em>:
 * the way to try (and to test) the real-pod path on one machine.
 *
 * <p>An embedded lab lends three things and nothing else: its sshd (a real OpenSSH on a
 * loopback port, host key checked strictly from a known_hosts file, the lab's guards on its
 * PATH so that {@code reboot} on "the host" never reaches this machine), the guest image
 * (kernel + initramfs) and the client key. The pod's file ({@code pods/ssh-pod.yaml}) names
 * the host by address, port, user and key file, as a real pod's does; its guest is started by
 * {@code host/run-guest.sh} (QEMU daemonized with a QMP socket and a heartbeat serial port at
 * {@code launch.qmpSocket} / {@code launch.heartbeatSocket}, its SSH forwarded from
 * {@code 127.0.0.1:forwardPort}); its host and guest setup scripts are the embedded pod's. A
 * lab opened on this pod ({@code SshLab}) reaches all of it over SSH only.
 *
 * <p>Run from a shell ({@code config/lab/run-examples.sh --ssh-pod}) it writes the pod, prints
 * the Maven arguments that select it and keeps the sshd until its standard input closes or it is
 * terminated.
 */
public final class LoopbackSshPod implements AutoCloseable {

    /** The pod's name: its file is {@code pods/ssh-pod.yaml} of {@link #configDir()}. */
    public static final String POD = "ssh-pod";
    /** The pod's (first) host node: this machine behind the borrowed embedded lab's sshd. */
    public static final String HOST = "node1";
    /** The second host of a two-host pod ({@link #createWithTwoHosts}). */
    public static final String SECOND_HOST = "node2";
    /** The pod's guest node, launched on {@value #HOST} by {@code host/run-guest.sh}. */
    public static final String GUEST = "guest1";

    private final EmbeddedLab borrowed;
    private final EmbeddedLab borrowedSecond;
    private final Path configDir;
    private final Path runDir;

    private LoopbackSshPod(EmbeddedLab borrowed, EmbeddedLab borrowedSecond, Path configDir, Path runDir) {
        this.borrowed = borrowed;
        this.borrowedSecond = borrowedSecond;
        this.configDir = configDir;
        this.runDir = runDir;
    }

    /**
     * As {@link #create}, with a second host node {@value #SECOND_HOST}: this machine again, behind
     * a second sshd of its own (its own port, host key and client key), for live migration between
     * hosts. The guest has no disk (kernel + initramfs), so it may move to either host.
     *
     * @param folder        the folder the pod's {@code config/} is written into
     * @param projectConfig the project's config folder: the embedded pod's scripts and the guest image builder
     * @param yamlExtra     more top-level YAML appended to the pod file (e.g. an {@code sla:} section), or null
     * @return the pod, its sshd(s) running; closing it stops them and removes its run folder
     * @throws LabUnavailableException      when an embedded lab cannot start here
     * @throws java.io.UncheckedIOException when the pod's files cannot be written
     */
    public static LoopbackSshPod createWithTwoHosts(Path folder, Path projectConfig, String yamlExtra) {
        EmbeddedLab second = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"));
        try {
            return create(folder, projectConfig, yamlExtra, second);
        } catch (RuntimeException e) {
            second.close();
            throw e;
        }
    }

    /**
     * Writes the pod into {@code folder/config} and returns it, its sshd running.
     *
     * @param folder        the folder the pod's {@code config/} is written into
     * @param projectConfig the project's config folder: the embedded pod's scripts and the guest image builder
     * @param yamlExtra     more top-level YAML appended to the pod file (e.g. an {@code sla:} section), or null
     * @return the pod, its sshd(s) running; closing it stops them and removes its run folder
     * @throws LabUnavailableException      when an embedded lab cannot start here
     * @throws java.io.UncheckedIOException when the pod's files cannot be written
     */
    public static LoopbackSshPod create(Path folder, Path projectConfig, String yamlExtra) {
        return create(folder, projectConfig, yamlExtra, null);
    }

    private static LoopbackSshPod create(Path folder, Path projectConfig, String yamlExtra, EmbeddedLab second) {
        EmbeddedLab lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"));
        Path runDir = null;
        try {
            runDir = LabPaths.newRunDir("sshpod");
            Path config = Files.createDirectories(folder.resolve("config"));
            Path pods = Files.createDirectories(config.resolve("pods"));
            copy(projectConfig.resolve("pods/local"), pods.resolve(POD));
            // the guest image's builder, as in the project's config folder (forwarding VMs boot that image)
            copy(projectConfig.resolve("lab/guest"), config.resolve("lab/guest"));
            writeLaunchScript(lab, pods.resolve(POD).resolve("host/run-guest.sh"));
            SshTarget host = ((SshNode) lab.node("host")).target();
            int forwardPort = LabPaths.freeLoopbackPort();
            Path knownHosts = config.resolve("known_hosts");
            Files.copy(host.knownHosts(), knownHosts, StandardCopyOption.REPLACE_EXISTING);
            KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern("127.0.0.1", forwardPort),
                    lab.image().hostKeyLine());
            String hosts = hostNode(HOST, host) + "    cpus:\n      vcpu: 1\n      stress: 0\n";
            if (second != null) {
                SshTarget other = ((SshNode) second.node("host")).target();
                Files.writeString(knownHosts, Files.readString(other.knownHosts()), StandardOpenOption.APPEND);
                hosts += hostNode(SECOND_HOST, other);
            }
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
                    %s  - name: %s
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
                    """.formatted(knownHosts, POD, POD, hosts, GUEST, HOST,
                    forwardPort, lab.directory().clientKey(), runDir, GUEST, runDir, GUEST,
                    yamlExtra == null ? "" : yamlExtra));
            return new LoopbackSshPod(lab, second, config, runDir);
        } catch (IOException | RuntimeException e) {
            lab.close();
            if (runDir != null) {
                LabPaths.deleteRecursively(runDir);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A host node of the pod file: this machine behind the sshd of {@code target}. */
    private static String hostNode(String name, SshTarget target) {
        return "  - name: " + name + "\n    role: host\n    address: 127.0.0.1\n    port: " + target.port()
                + "\n    user: " + target.user() + "\n    keyFile: " + target.keyFile() + "\n";
    }

    /**
     * The pod's launch script: starts the guest's QEMU daemonized from the lab's guest image
     * and returns; the paths and the port come from the variables the lab gives a launch script.
     */
    private static void writeLaunchScript(EmbeddedLab lab, Path script) throws IOException {
        String authorizedKey = SshKeys.publicKeyLineOf(lab.directory().clientKey());
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
                "# pinned like the embedded lab's QEMUs: every thread on the host's vCPU CPUs (cpus.vcpu)",
                "pin=${KVM4NFV_VCPU_CPUS:+taskset -c $KVM4NFV_VCPU_CPUS}",
                "exec $pin " + Shell.command(fixed) + " \\",
                "  -name \"$KVM4NFV_GUEST\" \\",
                "  -serial \"file:$run/$KVM4NFV_GUEST.console\" \\",
                "  -serial \"unix:$KVM4NFV_HEARTBEAT_SOCKET,server=on,wait=off\" \\",
                "  -netdev \"user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$KVM4NFV_GUEST_SSH_PORT-:22\" \\",
                "  -qmp \"unix:$KVM4NFV_QMP_SOCKET,server=on,wait=off\" \\",
                "  -pidfile \"$run/$KVM4NFV_GUEST.pid\" -daemonize",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The config folder ({@code kvm4nfv.config.dir}) holding {@code pods/ssh-pod.yaml}.
     *
     * @return {@code FOLDER/config}
     */
    public Path configDir() {
        return configDir;
    }

    /**
     * The pod, loaded from its file.
     *
     * @return the pod configuration read from {@code pods/ssh-pod.yaml} now
     */
    public PodConfig pod() {
        return PodConfigLoader.fromSystem().loadFile(configDir.resolve("pods").resolve(POD + ".yaml"), configDir);
    }

    /**
     * The folder on the host where the guest's QEMUs keep their sockets, pid files, consoles and logs.
     *
     * @return a private folder under {@code /tmp}
     */
    public Path runDir() {
        return runDir;
    }

    /**
     * System properties that select this pod.
     *
     * @return {@code kvm4nfv.config.dir} and {@code kvm4nfv.pod}, with their values
     */
    public Map<String, String> selection() {
        Map<String, String> selection = new LinkedHashMap<>();
        selection.put("kvm4nfv.config.dir", configDir.toString());
        selection.put("kvm4nfv.pod", POD);
        return selection;
    }

    /**
     * What is left in the run folder (nothing, after the pod's lab closed).
     *
     * @return the file names in {@link #runDir()}, sorted
     */
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
        if (borrowedSecond != null) {
            borrowedSecond.close();
        }
        LabPaths.deleteRecursively(runDir);
    }

    /**
     * Copies a folder tree (a pod's script folders), keeping file attributes and replacing existing files.
     *
     * @param from the folder to copy
     * @param to   the folder it is copied to (created when missing)
     * @throws IOException when a file cannot be read or written
     */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The top-level section {@code key} of a YAML pod file, as written (comments inside it
     * kept): from the line {@code key:} at column 0 to the next top-level key.
     *
     * @throws IllegalArgumentException when the file has no such section
     */
    static String topLevelSection(String yaml, String key) {
        List<String> lines = yaml.lines().toList();
        StringBuilder section = new StringBuilder();
        boolean inside = false;
        for (String line : lines) {
            boolean topLevelKey = !line.isEmpty() && !Character.isWhitespace(line.charAt(0))
                    && !line.startsWith("#") && !line.startsWith("-");
            if (topLevelKey) {
                if (inside) {
                    break;
                }
                inside = line.startsWith(key + ":");
            }
            if (inside) {
                section.append(line).append('\n');
            }
        }
        if (section.isEmpty()) {
            throw new IllegalArgumentException("no top-level '" + key + ":' section");
        }
        return section.toString().stripTrailing() + "\n";
    }

    /**
     * Writes the pod into {@code args[0]}, with the embedded pod's {@code sla:} (the same machine
     * measures the same) and the native forwarding driver, writes the Maven arguments that select
     * it on one line to {@code args[0]/maven-args} (with tuning policy WARN: this machine is not
     * tuned for NFV, as on the embedded lab), and keeps the sshd until standard input closes
     * or the JVM is terminated.
     *
     * @param args one argument: the folder to write the pod into
     * @throws IOException when the embedded pod's file cannot be read or {@code maven-args} cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LoopbackSshPod <folder>   (the project's config folder: -Dkvm4nfv.config.dir)");
            System.exit(2);
        }
        Path folder = Path.of(args[0]).toAbsolutePath();
        Path projectConfig = Path.of(System.getProperty("kvm4nfv.config.dir", "config")).toAbsolutePath();
        Path embeddedPodFile = projectConfig.resolve("pods/local.yaml");
        String sla = topLevelSection(Files.readString(embeddedPodFile), "sla");
        String extra = "# from " + embeddedPodFile + ": this machine, the same SLA as the embedded lab\n" + sla
                + "forwarding:\n  driver: native\n";
        LoopbackSshPod pod = create(folder, projectConfig, extra);
        Runtime.getRuntime().addShutdownHook(new Thread(pod::close, "loopback-ssh-pod-close"));
        StringBuilder mavenArgs = new StringBuilder();
        pod.selection().forEach((k, v) -> mavenArgs.append(mavenArgs.isEmpty() ? "" : " ").append("-D").append(k)
                .append('=').append(v));
        // this machine is not tuned for NFV: its tuning is reported, not failed (the embedded lab's default)
        mavenArgs.append(" -Dkvm4nfv.probe.tuning.policy=WARN");
        Files.writeString(folder.resolve("maven-args"), mavenArgs + "\n", StandardCharsets.UTF_8);
        System.out.println("ssh pod ready: " + pod.configDir().resolve("pods").resolve(POD + ".yaml"));
        System.out.println(mavenArgs);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the sshd stays up until the caller closes our standard input
        }
        System.exit(0);
    }
}
