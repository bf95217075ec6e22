package io.kvm4nfv.lab;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.NodeRole;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.LocalGuests.LocalQemu;
import io.kvm4nfv.node.LocalNode;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded lab: the pod's hosts are this machine, each reached over its own OpenSSH
 * sshd on a loopback port ({@link LabSshd}); its guests are QEMU VMs booted from the
 * guest image built from Debian packages ({@link GuestImageBuilder}), KVM when a boot
 * check proves it works, TCG otherwise, pinned to the host's vCPU CPUs. Every process is
 * registered with the {@link Reaper}, so nothing outlives the JVM, even after
 * {@code kill -9}. It never retunes or reboots the machine it runs on.
 */
public final class EmbeddedLab implements Lab {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLab.class);
    private static final List<String> REQUIRED = List.of("/usr/sbin/sshd", "/usr/bin/ssh-keygen",
            "/usr/bin/qemu-system-x86_64", "/usr/bin/cyclictest", "/usr/bin/stress-ng");

    private final LabDirectory directory;
    private final Reaper reaper;
    private final Map<String, LabSshd> sshds = new LinkedHashMap<>();
    private final Map<String, SshNode> nodes = new LinkedHashMap<>();
    private final Map<String, EmbeddedGuest> guests = new LinkedHashMap<>();
    private volatile PodConfig pod;
    private GuestImage image;
    private Accelerator accelerator;
    private LocalGuests localGuests;

    private EmbeddedLab(PodConfig pod, LabDirectory directory, Reaper reaper) {
        this.pod = pod;
        this.directory = directory;
        this.reaper = reaper;
    }

    /**
     * Starts the lab: an sshd per host node, connected; the guest image built or taken
     * from the cache. Guests boot when first asked for.
     *
     * @param pod a pod of kind {@code embedded}; its host nodes get this machine's sshd addresses
     * @return the running lab; the caller closes it
     * @throws LabUnavailableException when a required program is missing (with the install command),
     *                                 or anything else fails while starting (the logs folder named)
     */
    public static EmbeddedLab start(PodConfig pod) {
        List<String> missing = REQUIRED.stream().filter(p -> !Files.isExecutable(Path.of(p))).toList();
        if (!missing.isEmpty()) {
            throw new LabUnavailableException("the embedded lab needs " + missing
                    + ": run `sudo bash config/lab/install.sh` (Debian packages only)");
        }
        LabDirectory directory = LabDirectory.create();
        Reaper reaper = Reaper.start(directory);
        EmbeddedLab lab = new EmbeddedLab(pod, directory, reaper);
        try {
            lab.startHosts();
            lab.image = GuestImageBuilder.fromConfigDir(directory.log("guest-image.log")).build();
            lab.accelerator = Accelerator.detect(lab.image, new QemuLauncher());
            lab.localGuests = new LocalGuests(lab.image, GuestLogin.of(lab.image, directory.clientKey(),
                    directory.knownHosts()), reaper);
            LOG.info("embedded lab {} ready in {}: hosts {}, guest image {} ({}), accelerator {}", directory.id(),
                    directory.root(), lab.nodes.keySet(), lab.image.kernelVersion(),
                    lab.image.kernelUncompressed() ? "uncompressed vmlinux" : "bzImage", lab.accelerator);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            if (e instanceof LabUnavailableException u) {
                throw u;
            }
            throw new LabUnavailableException("the embedded lab could not start: " + e.getMessage()
                    + " (logs: " + directory.logs() + ")", e);
        }
    }

    private void startHosts() {
        PodConfig current = pod.withKnownHosts(directory.knownHosts());
        for (NodeConfig host : pod.nodes(NodeRole.HOST)) {
            LabSshd sshd = LabSshd.start(directory, host.name(), reaper);
            sshds.put(host.name(), sshd);
            SshTarget target = sshd.target();
            // the host is this machine: a reboot step is skipped, and never reaches it
            nodes.put(host.name(), new SshNode(target).refuseReboot(LocalNode.THIS_MACHINE).connect());
            current = current.withNode(host.withConnection(target.host(), target.port(), target.user(),
                    target.keyFile()));
        }
        pod = current;
    }

    /**
     * The lab's folder (keys, logs, pids; see {@link LabDirectory}).
     *
     * @return the lab directory created at start
     */
    public LabDirectory directory() {
        return directory;
    }

    /**
     * The lab's reaper: register every process started for the lab, so nothing outlives the JVM.
     *
     * @return the reaper started with the lab
     */
    public Reaper reaper() {
        return reaper;
    }

    /**
     * The accelerator the guests run with.
     *
     * @return {@link Accelerator#KVM} when the boot check passed (or it was forced), else {@link Accelerator#TCG}
     */
    public Accelerator accelerator() {
        return accelerator;
    }

    /**
     * The guest image the guests boot.
     *
     * @return the image built or taken from the cache at start
     */
    public GuestImage image() {
        return image;
    }

    @Override
    public PodConfig pod() {
        return pod;
    }

    /** Every host is this machine: forwarding VMs are local QEMU processes, registered with the lab's reaper. */
    @Override
    public ForwardingHost forwardingHost(Node host) {
        SshNode node = nodes.get(host.name());
        if (node == null) {
            throw new IllegalArgumentException("embedded pod " + pod.name() + ": " + host.name() + " is not its host");
        }
        return new LocalForwardingHost(node, localGuests, accelerator, directory.socketDir());
    }

    @Override
    public Node node(String name) {
        SshNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("embedded pod " + pod.name() + " has no host '" + name + "'; hosts: "
                    + nodes.keySet());
        }
        return node;
    }

    @Override
    public List<Node> hosts() {
        return List.copyOf(nodes.values());
    }

    @Override
    public synchronized Guest guest(String name) {
        EmbeddedGuest existing = guests.get(name);
        if (existing != null && existing.vm().isAlive()) {
            return existing;
        }
        EmbeddedGuest guest = launch(Labs.guestConfig(pod, name));
        guests.put(name, guest);
        return guest;
    }

    private EmbeddedGuest launch(NodeConfig config) {
        String name = config.name();
        NodeConfig host = pod.node(config.host());
        int port = LabPaths.freeLoopbackPort();
        GuestOptions options = guestOptions(name, 0, port);
        LocalQemu qemu = localGuests.start(options, Map.of(), "qemu " + name);
        try {
            pin(qemu.vm(), host);
            Duration waited = qemu.vm().awaitSshReady(pod.timeouts().reboot());
            SshNode node = connectGuest(name, port);
            LOG.info("guest {} up ({} s to SSH, {}, ssh 127.0.0.1:{}, console {})", name,
                    String.format(java.util.Locale.ROOT, "%.1f", waited.toMillis() / 1000.0), accelerator, port,
                    options.consoleLog());
            return new EmbeddedGuest(this, name, host.name(), node, qemu);
        } catch (RuntimeException e) {
            qemu.close();
            if (e instanceof NodeException || e instanceof GuestStartException) {
                throw new LabUnavailableException("guest " + name + " did not come up: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * The QEMU options of generation {@code generation} of a guest (0: the first boot; n: the
     * n-th migration destination). Every generation has the same guest-visible machine — the
     * same devices, RAM and kernel command line, which a migration requires — and its own QMP
     * socket, console log, pid file, SSH host port and heartbeat socket: a second serial port
     * ({@code /dev/ttyS1} in the guest) whose chardev
     * is a UNIX socket QEMU serves, so a host-side monitor can read the guest's heartbeat.
     * (Guest side: {@code io.kvm4nfv.probe.migration.GuestMigration#HEARTBEAT_DEVICE}.)
     */
    GuestOptions guestOptions(String name, int generation, int sshPort) {
        String authorizedKey = localGuests.login().authorizedKey();
        GuestOptions defaults = GuestOptions.defaults(name, directory.socketDir(), sshPort, authorizedKey, accelerator);
        String suffix = generation == 0 ? "" : "." + generation;
        return new GuestOptions(name, defaults.vcpus(), defaults.memoryKb(), accelerator, sshPort,
                defaults.authorizedKey(), directory.socket(name + "-qmp" + suffix + ".sock"),
                directory.log(name + "-console" + suffix + ".log"),
                directory.pids().resolve(name + "-qemu" + suffix + ".pid"),
                List.of("-serial", "unix:" + heartbeatSocket(name, generation) + ",server=on,wait=off"), false,
                defaults.firmware());
    }

    /** The heartbeat chardev socket of a guest generation (see {@link #guestOptions}). */
    Path heartbeatSocket(String name, int generation) {
        return directory.socket(name + "-hb" + (generation == 0 ? "" : "." + generation) + ".sock").toAbsolutePath();
    }

    /** Connects to a running guest's SSH server on {@code port}, its host key pinned in the lab's known_hosts. */
    SshNode connectGuest(String name, int port) {
        return localGuests.login().connect(name, port, pod.timeouts().connect());
    }

    /** Starts a migration destination for {@code name}: same machine, {@code -incoming defer}, registered. */
    LocalQemu launchIncoming(String name, int generation, int sshPort, boolean preallocateRam) {
        GuestOptions options = guestOptions(name, generation, sshPort).asIncoming();
        if (preallocateRam) {
            options = options.withExtraArgs(QemuArgs.withPreallocatedRam(options.extraArgs()));
        }
        LocalQemu incoming = localGuests.start(options, directory.log(name + "-qemu." + generation + ".log"),
                "qemu " + name + " (incoming " + generation + ")");
        try {
            pin(incoming.vm(), pod.node(pod.node(name).host()));
            return incoming;
        } catch (RuntimeException e) {
            incoming.close();
            throw e;
        }
    }

    /** What a guest's QEMU of generation {@code generation} is, for the {@link Guest} contract. */
    GuestQemu describe(String name, String hostName, GuestVm vm, int generation) {
        return new GuestQemu(hostName, vm.pid(), vm.qmpSocket().toAbsolutePath().toString(),
                heartbeatSocket(name, generation).toString(), vm.command().effectiveMemoryKb(),
                vm.options().accelerator().qemuName());
    }

    /** Pins every QEMU thread to the host's vCPU CPUs, so that host stress (on the stress CPUs) never shares them. */
    private static void pin(GuestVm vm, NodeConfig host) {
        if (host.cpus().vcpu().isEmpty()) {
            return;
        }
        String cpus = host.cpus().vcpu().toString();
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(vm.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.warn("could not pin QEMU of {} to CPUs {}: {}", vm.name(), cpus, out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("taskset failed for " + vm.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reaper for the lab's hosts (this machine); nothing for a guest (it dies with its QEMU). */
    @Override
    public LabResources resources(String nodeName) {
        return nodes.containsKey(nodeName) ? reaper : LabResources.none();
    }

    @Override
    public LabInfo info() {
        LabInfo info = new LabInfo(pod.name(), "embedded", Map.of("accelerator", String.valueOf(accelerator),
                "guest.image", image == null ? "none" : image.kernelVersion()
                        + (image.kernelUncompressed() ? " (uncompressed vmlinux)" : ""),
                "lab.dir", directory.root().toString()));
        for (Map.Entry<String, SshNode> e : nodes.entrySet()) {
            info = info.with(e.getKey() + ".kernel", LabFacts.kernel(e.getValue()));
            info = info.with(e.getKey() + ".qemu", LabFacts.qemuVersion(e.getValue()));
        }
        for (EmbeddedGuest g : guests.values()) {
            if (g.vm().isAlive()) {
                info = info.with(g.name() + ".kernel", LabFacts.kernel(g.node()));
            }
        }
        return info;
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> all = new ArrayList<>();
        all.addAll(sshds.values());
        all.addAll(nodes.values());
        all.addAll(guests.values());
        Labs.closeInReverse(all, LOG);
        guests.clear();
        nodes.clear();
        sshds.clear();
        reaper.close();
    }

    /**
     * A guest of this lab. Live migration moves it to another QEMU ({@link #moveTo}): the same
     * object then stands for the destination (its QEMU, SSH port and node), so every holder of
     * it keeps a valid guest; take {@link #node()} afresh after a migration.
     */
    static final class EmbeddedGuest implements Guest {
        private final EmbeddedLab lab;
        private final String name;
        private final String hostName;
        private SshNode node;
        private LocalQemu qemu;
        private int generation;
        private int attempts;

        EmbeddedGuest(EmbeddedLab lab, String name, String hostName, SshNode node, LocalQemu qemu) {
            this.lab = lab;
            this.name = name;
            this.hostName = hostName;
            this.node = node;
            this.qemu = qemu;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String hostName() {
            return hostName;
        }

        @Override
        public synchronized Node node() {
            return node;
        }

        @Override
        public synchronized GuestQemu qemu() {
            return lab.describe(name, hostName, qemu.vm(), generation);
        }

        /**
         * A destination QEMU launched by the lab with this guest's options plus {@code -incoming
         * defer} (generation {@link #nextGeneration()}, its own sockets and a free loopback SSH port).
         */
        @Override
        public IncomingGuest startIncoming(String host, boolean preallocateRam) {
            if (!hostName.equals(host)) {
                throw new IllegalArgumentException("'" + host + "' is not a host node of pod " + lab.pod().name()
                        + ": the embedded lab has one host, " + hostName + " (this machine)");
            }
            int next = nextGeneration();
            int sshPort = LabPaths.freeLoopbackPort();
            LocalQemu incoming = lab.launchIncoming(name, next, sshPort, preallocateRam);
            return new IncomingTwin(lab.describe(name, hostName, incoming.vm(), next)) {
                @Override
                void takeOver() {
                    SshNode newNode;
                    try {
                        newNode = lab.connectGuest(name, sshPort);
                    } catch (RuntimeException e) {
                        EmbeddedGuest.this.close();
                        throw new LabProcessException("guest " + name + " migrated but does not answer SSH on "
                                + "127.0.0.1:" + sshPort + ": " + e.getMessage(), e);
                    }
                    moveTo(incoming, newNode, next);
                }

                @Override
                void discard() {
                    incoming.close();
                }
            };
        }

        /** The QEMU running the guest now. */
        synchronized GuestVm vm() {
            return qemu.vm();
        }

        /** The number of the QEMU running the guest now: 0 for the first, then that of the last destination. */
        synchronized int generation() {
            return generation;
        }

        /** Reserves the number of the next destination QEMU (unique, also over failed attempts). */
        synchronized int nextGeneration() {
            attempts = Math.max(attempts, generation) + 1;
            return attempts;
        }

        /** The number the last destination QEMU got (0 before any migration attempt). */
        synchronized int lastGeneration() {
            return Math.max(attempts, generation);
        }

        /**
         * The guest now runs in {@code destination} (generation {@code newGeneration}) and is
         * reached through {@code newNode}: the old node is closed and the old QEMU stopped.
         */
        void moveTo(LocalQemu destination, SshNode newNode, int newGeneration) {
            SshNode oldNode;
            LocalQemu oldQemu;
            synchronized (this) {
                oldNode = node;
                oldQemu = qemu;
                node = newNode;
                qemu = destination;
                generation = newGeneration;
            }
            oldNode.close();
            oldQemu.close();
        }

        @Override
        public synchronized void close() {
            node.close();
            qemu.close();
        }

        @Override
        public synchronized String toString() {
            return "guest " + name + " (" + qemu.vm() + ")";
        }
    }
}
