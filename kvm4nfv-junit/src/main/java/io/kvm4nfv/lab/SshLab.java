package io.kvm4nfv.lab;

import io.kvm4nfv.config.GuestLaunch;
import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.NodeRole;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.ScriptVariables;
import io.kvm4nfv.node.DetachedProcess;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.HostKeyRefusedException;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real pod over SSH: one reused connection per host and jump node, opened eagerly so
 * that an unreachable pod is known at once ({@link LabUnavailableException}).
 * <p>
 * Guests: a guest whose pod entry has a {@code launch.script} is launched by the lab when a
 * test first needs it — the pod's host script folder uploaded to the guest's host and the
 * script run over SSH (e.g. KVM4NFV's {@code host-run-qemu.sh}) — and stopped when the lab
 * closes, unless it already ran before or {@code launch.keepRunning} says it is long-lived.
 * Without a script the lab waits for a guest started by something else (a setup script).
 * With a {@code launch.qmpSocket} the lab knows the guest's QEMU: its pid and its own
 * command line, read on the host ({@code /proc/PID/cmdline}), from which it starts the
 * incoming twin of a live migration ({@link QemuArgs#incomingTwin}); QMP and the heartbeat
 * serial port are reached through the host's SSH connection ({@link Node#openUnixStream}).
 */
public final class SshLab implements Lab {

    private static final Logger LOG = LoggerFactory.getLogger(SshLab.class);
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration TWIN_START = Duration.ofSeconds(30);

    private final PodConfig pod;
    private final Map<String, SshNode> nodes = new LinkedHashMap<>();
    private final Map<String, SshGuest> guests = new LinkedHashMap<>();
    private final Map<String, SshForwardingHost> forwardingHosts = new LinkedHashMap<>();
    private Path privateDir;

    private SshLab(PodConfig pod) {
        this.pod = pod;
    }

    /**
     * The host over its SSH connection: forwarding VMs are QEMUs started there from the lab's guest
     * image, uploaded once ({@link SshForwardingHost}); closing the lab stops them and removes it.
     */
    @Override
    public synchronized ForwardingHost forwardingHost(Node host) {
        String name = host.name();
        if (!nodes.containsKey(name) || pod.node(name).role() != NodeRole.HOST) {
            throw new IllegalArgumentException("pod " + pod.name() + ": " + name + " is not one of its hosts");
        }
        return forwardingHosts.computeIfAbsent(name, n -> new SshForwardingHost(nodes.get(n), privateDir(),
                pod.timeouts().command()));
    }

    /**
     * Connects to every host (and the jump host) of the pod.
     *
     * @param pod a pod of kind {@code ssh}
     * @return the lab, every host and jump node connected; the caller closes it
     * @throws io.kvm4nfv.node.HostKeyRefusedException when a node's host key is refused (fails, never skips)
     * @throws LabUnavailableException                 when a node cannot be reached, or the pod lacks a node's
     *                                                 address, user or key file, or a known_hosts file
     */
    public static SshLab open(PodConfig pod) {
        SshLab lab = new SshLab(pod);
        try {
            for (NodeConfig node : pod.nodes()) {
                if (node.role() != NodeRole.GUEST) {
                    lab.nodes.put(node.name(), new SshNode(SshTargets.of(pod, node)).connect());
                }
            }
        } catch (HostKeyRefusedException e) {
            // not "unavailable" (which skips the tests): a refused host key must fail them
            lab.close();
            throw e;
        } catch (NodeException e) {
            lab.close();
            throw new LabUnavailableException("pod " + pod.name() + " is not reachable: " + e.getMessage(), e);
        }
        return lab;
    }

    @Override
    public PodConfig pod() {
        return pod;
    }

    @Override
    public Node node(String name) {
        SshNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("pod " + pod.name() + " has no host or jump node '" + name
                    + "'; nodes: " + nodes.keySet());
        }
        return node;
    }

    @Override
    public List<Node> hosts() {
        List<Node> hosts = new ArrayList<>();
        pod.hosts().forEach(h -> hosts.add(nodes.get(h.name())));
        return hosts;
    }

    @Override
    public synchronized Guest guest(String name) {
        SshGuest existing = guests.get(name);
        if (existing != null) {
            return existing;
        }
        NodeConfig config = Labs.guestConfig(pod, name);
        SshNode host = (SshNode) node(config.host());
        GuestLaunch launch = config.launch();
        Long runningBefore = launch.knowsQemu() ? findQemu(host, launch.qmpSocket()) : null;
        boolean launched = false;
        if (launch.script() != null) {
            runLaunchScript(host, config);
            launched = launch.knowsQemu() && runningBefore == null;
        }
        SshGuest guest = new SshGuest(config, host, awaitSsh(config, SshTargets.of(pod, config)), launched);
        if (launch.knowsQemu()) {
            try {
                guest.discoverQemu();
            } catch (RuntimeException e) {
                guest.close();
                throw e;
            }
        }
        guests.put(name, guest);
        return guest;
    }

    private SshNode awaitSsh(NodeConfig config, SshTarget target) {
        Duration limit = pod.timeouts().reboot();
        SshNode[] connected = new SshNode[1];
        try {
            await("guest " + config.name() + " of pod " + pod.name() + " to answer over SSH")
                    .atMost(limit.toMillis(), TimeUnit.MILLISECONDS).pollInterval(1, TimeUnit.SECONDS)
                    .ignoreExceptions()
                    .until(() -> {
                        connected[0] = new SshNode(target).connect();
                        return true;
                    });
        } catch (RuntimeException e) {
            throw new LabUnavailableException("guest " + config.name() + " (" + target + ") did not answer within "
                    + limit.toSeconds() + " s" + (config.launch().script() == null
                    ? ": was it launched by the host setup (host-run-qemu.sh)?" : " after " + config.launch().script()),
                    e);
        }
        return connected[0];
    }

    /** Uploads the host script folder and runs the guest's launch script on its host. */
    private void runLaunchScript(SshNode host, NodeConfig guest) {
        GuestLaunch launch = guest.launch();
        if (pod.scripts().host() == null) {
            throw new LabProcessException("guest " + guest.name() + ": launch.script needs the pod's scripts.host");
        }
        String dir = "/tmp/kvm4nfv-launch-" + pod.name();
        Map<String, String> env = new LinkedHashMap<>(ScriptVariables.fromSystem());
        env.put("KVM4NFV_POD", pod.name());
        env.put("KVM4NFV_GUEST", guest.name());
        env.put("KVM4NFV_VCPU_CPUS", pod.node(guest.host()).cpus().vcpu().toString());
        if (launch.qmpSocket() != null) {
            env.put("KVM4NFV_QMP_SOCKET", launch.qmpSocket());
        }
        if (launch.heartbeatSocket() != null) {
            env.put("KVM4NFV_HEARTBEAT_SOCKET", launch.heartbeatSocket());
        }
        if (guest.forwardPort() != null) {
            env.put("KVM4NFV_GUEST_SSH_PORT", guest.forwardPort().toString());
        }
        List<String> words = new ArrayList<>();
        words.add("env");
        env.forEach((k, v) -> words.add(k + "=" + v));
        words.add("./" + launch.script());
        String prefix = "[" + host.name() + " " + launch.script() + "] ";
        Duration limit = pod.timeouts().command();
        host.upload(pod.scripts().host(), dir, limit);
        ExecResult r = host.exec("cd " + Shell.quote(dir) + " && chmod u+x " + Shell.quote(launch.script()) + " && "
                        + Shell.command(words), ExecOptions.timeout(limit).withTailLines(40)
                        .withStdout(line -> LOG.info("{}{}", prefix, line)).withStderr(line -> LOG.info("{}{}", prefix, line)));
        if (!r.succeeded()) {
            throw new LabProcessException("guest " + guest.name() + " of pod " + pod.name() + ": " + launch.script()
                    + " on " + host.name() + " failed (" + r.outcome() + "):\n" + r.stdoutText() + "\n" + r.stderrText());
        }
    }

    /** The pid of the QEMU serving {@code qmpSocket} on {@code host}, or {@code null}. */
    static Long findQemu(Node host, String qmpSocket) {
        String regex = "(^unix:|path=)" + qmpSocket.replace(".", "\\.") + "(,|$)";
        String command = "for f in /proc/[0-9]*/cmdline; do tr '\\0' '\\n' < \"$f\" 2>/dev/null | grep -qE "
                + Shell.quote(regex) + " && { p=${f#/proc/}; echo \"${p%/cmdline}\"; }; done; true";
        List<String> pids = host.exec(command, SHORT).requireSuccess().stdoutTail().stream()
                .map(String::strip).filter(s -> s.matches("\\d+")).toList();
        if (pids.size() > 1) {
            throw new LabProcessException("more than one process on " + host.name() + " serves " + qmpSocket + ": "
                    + pids);
        }
        return pids.isEmpty() ? null : Long.parseLong(pids.get(0));
    }

    /** The argument vector of process {@code pid} on {@code host}. */
    static List<String> commandLine(Node host, long pid) {
        String b64 = host.exec("base64 -w0 /proc/" + pid + "/cmdline", SHORT).requireSuccess().stdoutText().strip();
        String text = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        if (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) {
            argv.remove(argv.size() - 1);
        }
        if (argv.isEmpty()) {
            throw new LabProcessException("process " + pid + " on " + host.name() + " has no command line (gone?)");
        }
        return argv;
    }

    /** Stops process {@code pid} on {@code host}: TERM, then KILL after 5 s. */
    static void stopProcess(Node host, long pid) {
        host.exec("kill -TERM " + pid + " 2>/dev/null || exit 0; for i in $(seq 50); do kill -0 " + pid
                + " 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL " + pid + " 2>/dev/null; true", SHORT);
    }

    /** A folder of this lab on this machine (known_hosts of migrated guests); removed when the lab closes. */
    private synchronized Path privateDir() {
        if (privateDir == null) {
            privateDir = LabPaths.newRunDir("sshlab");
        }
        return privateDir;
    }

    /** None: this JVM has no reaper on a real pod's machines (the lab cleans up when it closes). */
    @Override
    public LabResources resources(String nodeName) {
        return LabResources.none();
    }

    @Override
    public LabInfo info() {
        LabInfo info = new LabInfo(pod.name(), "ssh", Map.of());
        for (Map.Entry<String, SshNode> e : nodes.entrySet()) {
            info = info.with(e.getKey() + ".kernel", LabFacts.kernel(e.getValue()));
        }
        for (Node host : hosts()) {
            info = info.with(host.name() + ".qemu", LabFacts.qemuVersion(host));
        }
        return info;
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> all = new ArrayList<>(nodes.values());
        all.addAll(guests.values());
        all.addAll(forwardingHosts.values());
        Labs.closeInReverse(all, LOG);
        guests.clear();
        forwardingHosts.clear();
        nodes.clear();
        if (privateDir != null) {
            LabPaths.deleteRecursively(privateDir);
            privateDir = null;
        }
    }

    /**
     * A guest of a real pod. After a live migration the same object stands for the twin that
     * took the guest over: its QEMU, its host (another one after a migration between hosts), its
     * SSH forward and a new connection.
     */
    private final class SshGuest implements Guest {
        private final String name;
        /** The host the guest was found or launched on: its first QEMU's command line is read there. */
        private final SshNode firstHost;
        private String hostName;
        private SshNode host;
        private final boolean launchedByLab;
        /** The host of every twin started (generation -> host), for removing their files. */
        private final Map<Integer, SshNode> twinHosts = new LinkedHashMap<>();
        private NodeConfig config;
        private SshNode node;
        private long pid;
        private List<String> argv;
        /** The first QEMU's command line and sockets: every twin is derived from them (suffix .inN). */
        private List<String> baseArgv;
        private String baseQmpSocket;
        private String baseHeartbeatSocket;
        private String qmpSocket;
        private String heartbeatSocket;
        private DetachedProcess twinRunning;
        private int generation;
        /** The twin number of the QEMU running the guest now (0: the first one). */
        private int generationRunning;

        SshGuest(NodeConfig config, SshNode host, SshNode node, boolean launchedByLab) {
            this.name = config.name();
            this.hostName = config.host();
            this.config = config;
            this.host = host;
            this.firstHost = host;
            this.node = node;
            this.launchedByLab = launchedByLab;
        }

        synchronized void discoverQemu() {
            GuestLaunch launch = config.launch();
            Long found = findQemu(host, launch.qmpSocket());
            if (found == null) {
                throw new LabProcessException("guest " + name + " answers SSH but no process on " + hostName
                        + " serves its QMP socket " + launch.qmpSocket() + " (launch.qmpSocket in " + pod.source() + ")");
            }
            pid = found;
            argv = commandLine(host, pid);
            qmpSocket = launch.qmpSocket();
            heartbeatSocket = launch.heartbeatSocket() != null && serves(argv, launch.heartbeatSocket())
                    ? launch.heartbeatSocket() : null;
            if (launch.heartbeatSocket() != null && heartbeatSocket == null) {
                LOG.warn("guest {}: its QEMU (pid {}) serves no socket {} (launch.heartbeatSocket): no heartbeat",
                        name, pid, launch.heartbeatSocket());
            }
            baseArgv = argv;
            baseQmpSocket = qmpSocket;
            baseHeartbeatSocket = heartbeatSocket;
            LOG.info("guest {}: QEMU pid {} on {}, QMP {}, {} KiB, {}", name, pid, hostName, qmpSocket,
                    QemuArgs.memoryKb(argv), QemuArgs.accelerator(argv));
        }

        private static boolean serves(List<String> argv, String socket) {
            return argv.stream().anyMatch(a -> a.equals("unix:" + socket) || a.startsWith("unix:" + socket + ",")
                    || a.contains("path=" + socket + ",") || a.endsWith("path=" + socket));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized String hostName() {
            return hostName;
        }

        @Override
        public synchronized Node node() {
            return node;
        }

        @Override
        public synchronized GuestQemu qemu() {
            requireQemu();
            return new GuestQemu(hostName, pid, qmpSocket, heartbeatSocket, QemuArgs.memoryKb(argv),
                    QemuArgs.accelerator(argv));
        }

        private void requireQemu() {
            if (argv == null) {
                throw new LabProcessException("guest " + name + " of pod " + pod.name() + " has no launch.qmpSocket: "
                        + "the lab does not know its QEMU, so it cannot migrate it (" + pod.source() + ")");
            }
        }

        @Override
        public synchronized IncomingGuest startIncoming(String toHost, boolean preallocateRam) {
            requireQemu();
            NodeConfig toConfig = pod.hosts().stream().filter(h -> h.name().equals(toHost)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + toHost + "' is not a host node of pod "
                            + pod.name() + " (" + pod.source() + "); its hosts: "
                            + pod.hosts().stream().map(NodeConfig::name).toList()));
            boolean sameHost = toHost.equals(hostName);
            if (!sameHost) {
                requireMovable(pod, config, baseArgv, hostName, toHost);
            }
            SshNode target = sameHost ? host : nodes.get(toConfig.name());
            int next = ++generation;
            String suffix = ".in" + next;
            List<String> twinArgv = QemuArgs.incomingTwin(baseArgv, suffix);
            if (preallocateRam) {
                twinArgv = QemuArgs.withPreallocatedRam(twinArgv);
            }
            String twinQmp = baseQmpSocket + suffix;
            String twinHeartbeat = baseHeartbeatSocket == null ? null : baseHeartbeatSocket + suffix;
            String log = baseQmpSocket + suffix + ".log";
            if (!sameHost) {
                // the twin's sockets, pid file and log go where the first QEMU keeps them, on the other host too
                target.exec("mkdir -p " + Shell.quote(parentOf(baseQmpSocket)), SHORT).requireSuccess();
            }
            twinHosts.put(next, target);
            DetachedProcess twin = DetachedProcess.start(target, pinnedTo(toConfig, twinArgv), log);
            try {
                awaitSocket(target, twin, twinQmp, log);
                Integer sshPort = config.forwardPort() == null ? null
                        : forwardedPort(target, twinQmp, guestSshPort(baseArgv));
                GuestQemu described = new GuestQemu(toHost, twin.pgid(), twinQmp, twinHeartbeat,
                        QemuArgs.memoryKb(twinArgv), QemuArgs.accelerator(twinArgv));
                LOG.info("guest {}: incoming twin {} on {} (pid {}, QMP {}{})", name, next, toHost, twin.pgid(),
                        twinQmp, sshPort == null ? "" : ", ssh forward " + sshPort);
                String address = sameHost ? "127.0.0.1" : target.target().host();
                return new SshIncoming(this, twin, twinArgv, described, sshPort, next, target, address);
            } catch (RuntimeException e) {
                twin.stop(Duration.ofSeconds(5));
                throw e;
            }
        }

        /**
         * The twin's command, under {@code taskset -c} the vCPU CPUs its host declares
         * ({@code cpus.vcpu}), as the embedded lab pins its QEMUs: a pinned guest's twin must not
         * run on the host's housekeeping or stress CPUs. Unchanged when the host declares none.
         */
        private static List<String> pinnedTo(NodeConfig host, List<String> argv) {
            if (host.cpus().vcpu().isEmpty()) {
                return argv;
            }
            List<String> pinned = new ArrayList<>(List.of("taskset", "-c", host.cpus().vcpu().toString()));
            pinned.addAll(argv);
            return pinned;
        }

        private static String parentOf(String path) {
            int slash = path.lastIndexOf('/');
            return slash <= 0 ? "/" : path.substring(0, slash);
        }

        private void awaitSocket(SshNode host, DetachedProcess twin, String socket, String log) {
            ExecResult r = host.exec("for i in $(seq 400); do [ -S " + Shell.quote(socket) + " ] && exit 0; kill -0 "
                    + twin.pgid() + " 2>/dev/null || exit 2; sleep 0.05; done; exit 1", TWIN_START);
            if (!r.succeeded()) {
                String tail = host.exec("tail -n 20 " + Shell.quote(log) + " 2>/dev/null; true", SHORT).stdoutText();
                throw new LabProcessException("the incoming twin of guest " + name + " on " + host.name()
                        + (r.exitStatus() != null && r.exitStatus() == 2 ? " exited at once" : " has no QMP socket "
                        + socket + " after " + TWIN_START.toSeconds() + " s") + "; " + log + " ends with:\n" + tail);
            }
        }

        /** The host port QEMU forwards to {@code guestPort} (HMP {@code info usernet} through the twin's monitor). */
        private int forwardedPort(SshNode host, String twinQmp, int guestPort) {
            String command = "(printf '%s\\n' '{\"execute\":\"qmp_capabilities\"}' "
                    + "'{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info usernet\"}}';"
                    + " sleep 0.3) | socat - UNIX-CONNECT:" + Shell.quote(twinQmp);
            String out = host.exec(command, SHORT).requireSuccess().stdoutText();
            Matcher m = Pattern.compile("HOST_FORWARD\\]\\s+\\d+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+(\\d+)").matcher(out);
            while (m.find()) {
                if (Integer.parseInt(m.group(2)) == guestPort) {
                    return Integer.parseInt(m.group(1));
                }
            }
            throw new LabProcessException("the incoming twin of guest " + name + " forwards no host port to guest port "
                    + guestPort + " (info usernet: " + out.replace('\n', ' ') + ")");
        }

        /** The guest port of the command line's SSH forward ({@code hostfwd=tcp:ADDR:PORT-:GUESTPORT}), 22 if unsure. */
        private static int guestSshPort(List<String> argv) {
            for (String a : argv) {
                Matcher m = Pattern.compile("hostfwd=tcp:[^:,]*:\\d+-[^:,]*:(\\d+)").matcher(a);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            return 22;
        }

        /** Removes what the twins created on their hosts (logs, pid files, consoles, sockets), but twin {@code keep}'s. */
        private void removeTwinFiles(int keep) {
            if (baseArgv == null || generation == 0) {
                return;
            }
            Map<SshNode, List<String>> rmByHost = new LinkedHashMap<>();
            twinHosts.forEach((k, twinHost) -> {
                if (k == keep) {
                    return;
                }
                String suffix = ".in" + k;
                List<String> rm = rmByHost.computeIfAbsent(twinHost, h -> new ArrayList<>(List.of("rm", "-f")));
                rm.add(baseQmpSocket + suffix + ".log");
                QemuArgs.createdPaths(baseArgv).forEach(p -> rm.add(p + suffix));
            });
            rmByHost.forEach((twinHost, rm) -> {
                try {
                    twinHost.exec(Shell.command(rm), SHORT);
                } catch (RuntimeException e) {
                    LOG.warn("guest {}: removing its twins' files on {} failed: {}", name, twinHost.name(), e.toString());
                }
            });
        }

        /**
         * The guest now runs in {@code twin} on {@code twinHost}: reconnect (a forwarded guest through
         * its new host's address and jump), then stop the QEMU it left.
         */
        synchronized void adopt(DetachedProcess twin, List<String> twinArgv, GuestQemu described, Integer sshPort,
                                int twinGeneration, SshNode twinHost) {
            SshTarget old = node.target();
            boolean moves = twinHost != host;
            String address = moves && sshPort != null ? twinHost.target().host() : old.host();
            SshTarget via = moves && sshPort != null ? twinHost.target().via() : old.via();
            SshNode moved;
            try {
                if (sshPort == null) {
                    moved = new SshNode(old).connect();
                } else {
                    Path knownHosts = privateDir().resolve("known_hosts");
                    KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern(address, sshPort),
                            node.verifiedHostKeyLine());
                    moved = new SshNode(new SshTarget(old.name(), address, sshPort, old.user(), old.keyFile(),
                            knownHosts, HostKeyPolicy.STRICT, via, old.connectTimeout(), old.keepAlive())).connect();
                }
            } catch (RuntimeException e) {
                twin.stop(Duration.ofSeconds(5));
                throw new LabProcessException("guest " + name + " migrated but does not answer SSH"
                        + (sshPort == null ? "" : " on its new forward " + address + ":" + sshPort) + ": "
                        + e.getMessage(), e);
            }
            SshNode oldNode = node;
            SshNode oldHost = host;
            long oldPid = pid;
            DetachedProcess oldTwin = twinRunning;
            host = twinHost;
            hostName = described.hostName();
            node = moved;
            pid = described.pid();
            argv = twinArgv;
            qmpSocket = described.qmpSocket();
            heartbeatSocket = described.heartbeatSocket();
            twinRunning = twin;
            generationRunning = twinGeneration;
            if (sshPort != null) {
                config = config.withPort(sshPort);
            }
            oldNode.close();
            if (oldTwin != null) {
                oldTwin.stop(Duration.ofSeconds(5));
            } else {
                stopProcess(oldHost, oldPid);
            }
        }

        @Override
        public synchronized void close() {
            node.close();
            boolean stop = launchedByLab && !config.launch().keepRunning();
            try {
                if (stop && twinRunning != null) {
                    twinRunning.stop(Duration.ofSeconds(5));
                } else if (stop && pid > 0) {
                    stopProcess(firstHost, pid);
                } else if (twinRunning != null) {
                    LOG.info("guest {} keeps running in the QEMU it migrated to (pid {} on {}): the lab did not launch "
                            + "it, or launch.keepRunning", name, pid, hostName);
                }
                removeTwinFiles(stop || twinRunning == null ? 0 : generationRunning);
            } catch (RuntimeException e) {
                LOG.warn("guest {}: stopping its QEMU on {} failed: {}", name, hostName, e.toString());
            }
        }

        @Override
        public String toString() {
            return "guest " + name + " of pod " + pod.name();
        }
    }

    /**
     * A guest moves to another host only when that host sees its disks: it has none (a kernel +
     * initramfs guest), or its launch section says they are on shared storage.
     *
     * @throws MigrationNotPossibleException naming the disks and the key that would allow it
     */
    static void requireMovable(PodConfig pod, NodeConfig guest, List<String> argv, String fromHost, String toHost) {
        List<String> disks = QemuArgs.diskImages(argv);
        if (!disks.isEmpty() && !guest.launch().sharedStorage()) {
            throw new MigrationNotPossibleException("guest " + guest.name() + " cannot live-migrate from " + fromHost
                    + " to " + toHost + ": its QEMU opens disk image(s) " + disks + " and pod " + pod.name()
                    + " does not say they are on storage both hosts share (set launch.sharedStorage: true on guest "
                    + guest.name() + " in " + pod.source() + " if they are)");
        }
    }

    /** An incoming twin on one of the pod's hosts (the guest's own, or another for a migration between hosts). */
    private static final class SshIncoming extends IncomingTwin {
        private final SshGuest guest;
        private final DetachedProcess twin;
        private final List<String> twinArgv;
        private final Integer sshPort;
        private final int generation;

        private final SshNode host;

        SshIncoming(SshGuest guest, DetachedProcess twin, List<String> twinArgv, GuestQemu described,
                    Integer sshPort, int generation, SshNode host, String migrationAddress) {
            super(described, migrationAddress);
            this.host = host;
            this.guest = guest;
            this.twin = twin;
            this.twinArgv = twinArgv;
            this.sshPort = sshPort;
            this.generation = generation;
        }

        @Override
        void takeOver() {
            guest.adopt(twin, twinArgv, qemu(), sshPort, generation, host);
        }

        @Override
        void discard() {
            try {
                twin.stop(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", twin, e.toString());
            }
        }
    }
}
