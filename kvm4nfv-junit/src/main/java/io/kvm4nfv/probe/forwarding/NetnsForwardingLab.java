package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.lab.LabResource;
import io.kvm4nfv.lab.LabResources;
import io.kvm4nfv.lab.OwnerFile;
import io.kvm4nfv.lab.Reaper;
import io.kvm4nfv.node.DetachedProcess;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library's own forwarding path (the {@code native} driver), built from network namespaces on
 * one Linux node — the embedded lab's host, or a real pod's host over SSH:
 * <pre>
 *  [PREFIXtg0] PREFIXp0 198.18.0.1 ─veth─ PREFIXs0 ┐
 *                                                  ├ [PREFIXsw] switch PREFIXbr (OVS netdev or Linux bridge)
 *  [PREFIXtg1] PREFIXp1 198.18.0.2 ─veth─ PREFIXs1 ┘      + guest links (pvp…) via {@link GuestForwarders}
 * </pre>
 * The two generator namespaces are the generator's two ports (an IXIA's port 1 and 2); the
 * addresses are from the RFC 2544 benchmarking range and exist only inside these namespaces.
 * With OVS, the switch is programmed with the flows of the {@link Topology} (phy1 ↔ phy2 for
 * p2p) rather than MAC learning, like VSPERF; ovsdb-server and ovs-vswitchd are private
 * daemons with their database, sockets and logs in the run directory, started inside the
 * switch namespace. TX checksum offload is switched off on the generator ports because the
 * userspace datapath forwards the frames as they are.
 *
 * <p>Everything carries a unique prefix {@code k4n-<owner pid, base 36>x<sequence, base 36>-}:
 * namespaces, links and the run directory {@code RUNROOT/PREFIXrun}. The run directory is made
 * first; it names the owner ({@code owner}: pid and start time) and holds a record of every
 * process the lab starts ({@link ProcessRecords}: the OVS daemons, the generator's servers and
 * clients, the guests' QEMUs). {@link #close()} stops the guests, kills exactly the recorded
 * processes, deletes the lab's namespaces (and so its links) and run directory, and checks that
 * nothing is left — reading only the records, {@code ip netns list} and {@code ip link}, never the
 * node's whole process table, so it takes a bounded time ({@link #KILL_WAIT} at most for the
 * processes, {@link EmbeddedLabOptions#commandTimeout()} for the whole). {@link #sweepStale} does
 * the same for labs whose owner process is gone (a crashed JVM); labs of live owners are never
 * touched. Processes carry the environment {@code K4N_RUN=PREFIX} as well, for people (and tests)
 * looking at a machine; the cleanup does not need it. The owner pid refers to the node's process
 * table: this JVM on the embedded lab, the SSH session on a remote host
 * ({@link io.kvm4nfv.lab.ForwardingHost#ownerPid()}).
 *
 * <p>Everything is also registered, before it is created, with the {@link LabResources} given to
 * {@link #create(Node, EmbeddedLabOptions, Topology, GuestForwarders, LabResources) create} (on the
 * embedded lab its {@link Reaper}), as owner {@code fwd:PREFIX}: the run directory and its process
 * records, the namespaces, the veth ends, the OVS daemons (by pidfile) and bridge, the guests' taps
 * and QEMUs. So a JVM killed with {@code kill -9} leaves nothing for longer than its reaper takes
 * (a watchdog that polls the JVM), instead of until the next run's {@link #sweepStale}. The
 * registry must be one on the node's machine; {@link LabResources#none()} registers nothing (the
 * sweep is then the only net). {@link #close()} removes everything itself and then forgets the
 * registrations; when something survives it, they stay, and the reaper removes it at JVM exit.
 */
public final class NetnsForwardingLab implements AutoCloseable {

    /** Every name this lab creates starts with it. */
    public static final String PREFIX = "k4n-";
    /** Environment variable marking every process started for a lab (for people and tests); its value is the lab's prefix. */
    public static final String RUN_MARKER = "K4N_RUN";
    /** Address of generator port 1 (namespace {@code PREFIXtg0}). */
    public static final String PORT1_ADDRESS = "198.18.0.1";
    /** Address of generator port 2 (namespace {@code PREFIXtg1}). */
    public static final String PORT2_ADDRESS = "198.18.0.2";

    private static final Pattern ID = Pattern.compile("k4n-([0-9a-z]{1,7})x([0-9a-z]{1,2})-");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String OVS_SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
    private static final String OVS_STEP = "start ovsdb-server and ovs-vswitchd";
    /** How long the cleanup waits for the recorded processes to die after SIGKILL. */
    public static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Node node;
    private final EmbeddedLabOptions options;
    private final String prefix;
    private final String runDir;
    private final ProcessRecords records;
    private final LabResources resources;
    /** What this lab registered with {@link #resources}, forgotten once {@link #close()} removed it all. */
    private final List<Reaper.Registration> registrations = new CopyOnWriteArrayList<>();
    private final List<GuestForwarders.Attachment> attachments = new ArrayList<>();
    /** Records of the processes that must run as long as the path does (OVS daemons, servers). */
    private final List<String> daemons = new CopyOnWriteArrayList<>();
    private LabSwitchKind switchKind;
    private String fallbackReason;
    private boolean closed;

    private NetnsForwardingLab(Node node, EmbeddedLabOptions options, String prefix, LabResources resources) {
        this.node = node;
        this.options = options;
        this.prefix = prefix;
        this.resources = resources;
        this.runDir = options.runRoot() + "/" + prefix + "run";
        this.records = new ProcessRecords(node, runDir + "/procs", options.commandTimeout());
    }

    /**
     * Builds the path for {@code topology}: generator ports, switch, flows, and (for deployments
     * with guests) the guests through {@code guests}. On any failure everything built so far is
     * removed before the exception leaves.
     *
     * With {@link LabSwitchKind#AUTO}, OVS is used when its programs are installed; when its daemons
     * then do not start, a p2p path is rebuilt with the Linux bridge ({@link #fallbackReason()}).
     * Nothing is registered for a reaper ({@link LabResources#none()}).
     *
     * @param node     the Linux node (root) the namespaces are made on
     * @param options  switch kind, owner pid, run root and command timeout
     * @param topology the forwarding path; PCI passthrough and SR-IOV are not possible here
     * @param guests   required when the topology has VMs, else may be {@code null}
     * @return the built path; the caller closes it
     * @throws IllegalArgumentException  for PCI passthrough, guests without {@code guests}, or guests behind a Linux bridge
     * @throws ForwardingFailedException when a step fails; the message names it
     */
    public static NetnsForwardingLab create(Node node, EmbeddedLabOptions options, Topology topology,
                                            GuestForwarders guests) {
        return create(node, options, topology, guests, LabResources.none());
    }

    /**
     * As {@link #create(Node, EmbeddedLabOptions, Topology, GuestForwarders)}, registering everything
     * with {@code resources} before creating it (see the class comment).
     *
     * @param node      the Linux node (root) the namespaces are made on
     * @param options   switch kind, owner pid, run root and command timeout
     * @param topology  the forwarding path; PCI passthrough and SR-IOV are not possible here
     * @param guests    required when the topology has VMs, else may be {@code null}
     * @param resources a registry on the node's machine (the embedded lab's reaper), or {@link LabResources#none()}
     * @return the built path; the caller closes it
     * @throws IllegalArgumentException  for PCI passthrough, guests without {@code guests}, or guests behind a Linux bridge
     * @throws ForwardingFailedException when a step fails; the message names it
     */
    public static NetnsForwardingLab create(Node node, EmbeddedLabOptions options, Topology topology,
                                            GuestForwarders guests, LabResources resources) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(options, "options");
        if (!topology.usesVswitch()) {
            throw new IllegalArgumentException("the embedded lab has no SR-IOV NIC: PCI passthrough needs a real pod");
        }
        if (topology.deployment().vmCount() > 0 && guests == null) {
            throw new IllegalArgumentException(topology.deployment() + " needs guests: pass a GuestForwarders");
        }
        if (topology.deployment().vmCount() > 0 && options.switchKind() == LabSwitchKind.LINUX_BRIDGE) {
            throw new IllegalArgumentException("a Linux bridge cannot steer " + topology.deployment()
                    + " traffic through guests (it learns MACs); use OVS_NETDEV or AUTO");
        }
        try {
            return build(node, options, topology, guests, resources);
        } catch (ForwardingFailedException ovsFailed) {
            boolean ovsWasAuto = options.switchKind() == LabSwitchKind.AUTO && topology.deployment().vmCount() == 0
                    && ovsFailed.getMessage() != null && ovsFailed.getMessage().contains(OVS_STEP);
            if (!ovsWasAuto) {
                throw ovsFailed;
            }
            NetnsForwardingLab lab = build(node, options.withSwitchKind(LabSwitchKind.LINUX_BRIDGE), topology, guests,
                    resources);
            lab.fallbackReason = ovsFailed.getMessage();
            return lab;
        }
    }

    private static NetnsForwardingLab build(Node node, EmbeddedLabOptions options, Topology topology,
                                            GuestForwarders guests, LabResources resources) {
        String prefix = PREFIX + Long.toString(options.ownerPid(), 36) + "x"
                + Integer.toString(SEQUENCE.getAndIncrement() % 1296, 36) + "-";
        NetnsForwardingLab lab = new NetnsForwardingLab(node, options, prefix, resources);
        try {
            lab.cleanup();  // a stale lab of an earlier owner with the same pid would block the names
            lab.build(topology, guests);
            return lab;
        } catch (RuntimeException e) {
            try {
                lab.close();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            if (e instanceof ForwardingFailedException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new ForwardingFailedException("[" + node.name() + "] building the forwarding path " + prefix
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The unique prefix of this lab's names, e.g. {@code k4n-2n9cx1-}.
     *
     * @return {@code k4n-<owner pid, base 36>x<sequence, base 36>-}
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Namespace of generator port 1 (0) or 2 (1).
     *
     * @param port 0 for the port with {@link #PORT1_ADDRESS}, 1 for {@link #PORT2_ADDRESS}
     * @return the namespace name, {@code PREFIXtg0} or {@code PREFIXtg1}
     * @throws IllegalArgumentException when {@code port} is neither 0 nor 1
     */
    public String generatorNamespace(int port) {
        if (port != 0 && port != 1) {
            throw new IllegalArgumentException("generator ports are 0 and 1: " + port);
        }
        return prefix + "tg" + port;
    }

    /**
     * Namespace the switch (and with OVS its daemons) runs in.
     *
     * @return the namespace name, {@code PREFIXsw}
     */
    public String switchNamespace() {
        return prefix + "sw";
    }

    /**
     * The switch that was started (never {@link LabSwitchKind#AUTO}).
     *
     * @return OVS with the userspace datapath or the Linux bridge
     */
    public LabSwitchKind switchKind() {
        return switchKind;
    }

    /**
     * Why OVS was not used although {@link LabSwitchKind#AUTO} found it installed (its daemons did
     * not start; the path then uses the Linux bridge), or empty.
     *
     * @return the failure message of the OVS step, or empty when no fallback happened
     */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /**
     * The lab's run directory on the node: owner file, process records, OVS database, sockets and logs.
     *
     * @return {@code RUNROOT/PREFIXrun}
     */
    public String runDir() {
        return runDir;
    }

    /**
     * The node the lab is built on.
     *
     * @return the node every command of this lab runs on
     */
    public Node node() {
        return node;
    }

    /** The owner name of this lab's registrations: {@code fwd:PREFIX}. */
    String owner() {
        return "fwd:" + prefix;
    }

    /**
     * Registers {@code resource} of this lab before it is created (see the class comment); the
     * registration is forgotten when {@link #close()} has removed everything.
     */
    void register(LabResource resource) {
        registrations.add(resources.register(resource));
    }

    /**
     * The records of the processes this lab started; a process started for it must be recorded here.
     *
     * @return the records in {@code RUN/procs}
     */
    public ProcessRecords records() {
        return records;
    }

    /**
     * Starts {@code command} in generator namespace {@code port} as a detached, recorded process
     * group (a server), output to {@code RUN/NAME.log}. The path counts as broken ({@link #problem()})
     * once it is gone.
     *
     * @param port    generator port 0 or 1
     * @param name    record and log name, unique within this lab, e.g. {@code iperf3-server}
     * @param command the argv to run
     * @return the started process
     * @throws IllegalArgumentException when {@code port} is neither 0 nor 1
     */
    public DetachedProcess startInGenerator(int port, String name, List<String> command) {
        daemons.add(name);
        return DetachedProcess.start(node, records.selfRecording(name, ProcessRecords.Kind.GROUP,
                inGenerator(port, command)), runDir + "/" + name + ".log");
    }

    /**
     * The argv that runs {@code command} in generator namespace {@code port}, marked as this lab's
     * process: {@code ip netns exec NS env K4N_RUN=PREFIX command...}.
     *
     * @param port    generator port 0 or 1
     * @param command the argv to run there
     * @return the wrapped argv, immutable
     * @throws IllegalArgumentException when {@code port} is neither 0 nor 1
     */
    public List<String> inGenerator(int port, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", generatorNamespace(port), "env",
                RUN_MARKER + "=" + prefix));
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /**
     * Why this path can no longer carry traffic — closed, a guest gone, an OVS daemon or a server
     * ({@link #startInGenerator}) gone — or empty while it can. Reads the guests' state and the lab's records only.
     *
     * @return the first problem found, or empty
     */
    public Optional<String> problem() {
        if (closed) {
            return Optional.of(this + " is closed");
        }
        for (GuestForwarders.Attachment a : attachments) {
            Optional<String> p = a.problem();
            if (p.isPresent()) {
                return p;
            }
        }
        if (!daemons.isEmpty()) {
            ExecResult r = node.exec("D=" + Shell.quote(records.dir()) + "; " + ProcessRecords.functions() + "rec_live",
                    options.commandTimeout());
            for (String daemon : daemons) {
                if (!r.succeeded() || r.stdoutTail().stream().noneMatch(line -> line.trim().endsWith(" " + daemon))) {
                    return Optional.of(daemon + " of " + prefix + " is not running");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Frames the switch's own receive sockets have dropped so far, or -1 when unknown (a Linux
     * bridge has none). ovs-vswitchd reads every port through an AF_PACKET socket whose buffer is
     * {@code net.core.rmem_default} bytes (208 KiB; global, not settable per namespace): about 90
     * frames of 1518 B but 255 of 64 B. When ovs-vswitchd does not run for ~100 ms — a loaded
     * machine — large frames are dropped there first, on the host, before any guest sees them.
     * Read from the {@code d} counters of {@code ss -0 -m} in the switch namespace.
     *
     * @return the dropped frames summed over the switch's sockets, or -1 without OVS or when {@code ss} fails
     */
    public long switchSocketDrops() {
        if (switchKind != LabSwitchKind.OVS_NETDEV) {
            return -1;
        }
        ExecResult r = node.exec("ip netns exec " + switchNamespace() + " ss -0 -m -H | awk '{ if (match($0, /,d[0-9]+\\)/))"
                + " s += substr($0, RSTART + 2, RLENGTH - 3) } END { print s + 0 }'", options.commandTimeout());
        try {
            return r.succeeded() ? Long.parseLong(r.stdoutText().trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void build(Topology topology, GuestForwarders guests) {
        String tg0 = generatorNamespace(0);
        String tg1 = generatorNamespace(1);
        String sw = switchNamespace();
        String p = prefix;
        register(LabResource.folder(owner(), runDir));
        register(LabResource.processRecords(owner(), records.dir()));
        for (String ns : List.of(tg0, tg1, sw)) {
            register(LabResource.namespace(owner(), ns));
        }
        register(LabResource.link(owner(), tg0, p + "p0"));
        register(LabResource.link(owner(), sw, p + "s0"));
        register(LabResource.link(owner(), tg1, p + "p1"));
        register(LabResource.link(owner(), sw, p + "s1"));
        sh("mkdir -p " + records.dir() + " && " + OwnerFile.writeCommand(options.ownerPid(), runDir + "/owner"),
                "make the run directory " + runDir);
        sh("ip netns add " + tg0 + " && ip netns add " + tg1 + " && ip netns add " + sw
                + " && ip -n " + tg0 + " link set lo up && ip -n " + tg1 + " link set lo up && ip -n " + sw + " link set lo up"
                + " && ip link add " + p + "p0 netns " + tg0 + " type veth peer name " + p + "s0 netns " + sw
                + " && ip link add " + p + "p1 netns " + tg1 + " type veth peer name " + p + "s1 netns " + sw
                + " && ip -n " + tg0 + " addr add " + PORT1_ADDRESS + "/24 dev " + p + "p0"
                + " && ip -n " + tg1 + " addr add " + PORT2_ADDRESS + "/24 dev " + p + "p1"
                + " && ip -n " + tg0 + " link set " + p + "p0 up && ip -n " + tg1 + " link set " + p + "p1 up"
                + " && ip -n " + sw + " link set " + p + "s0 up && ip -n " + sw + " link set " + p + "s1 up",
                "create namespaces and veth pairs");
        switchKind = chooseSwitch();
        Map<Port, String> links = new LinkedHashMap<>();
        links.put(Port.phy(1), p + "s0");
        links.put(Port.phy(2), p + "s1");
        Map<Port, String> guestLinks = new LinkedHashMap<>();
        for (GuestNics g : topology.guests()) {
            for (Port port : g.ports()) {
                guestLinks.put(port, "v" + port.vm() + "n" + port.nic());
            }
        }
        if (!guestLinks.isEmpty()) {
            attachments.add(guests.attach(this, topology, Map.copyOf(guestLinks)));
            links.putAll(guestLinks);
        }
        if (switchKind == LabSwitchKind.OVS_NETDEV) {
            startOvs(topology, links);
        } else {
            register(LabResource.link(owner(), sw, p + "br"));
            sh("ip -n " + sw + " link add " + p + "br type bridge && ip -n " + sw + " link set " + p + "s0 master " + p + "br"
                    + " && ip -n " + sw + " link set " + p + "s1 master " + p + "br && ip -n " + sw + " link set " + p
                    + "br up", "create the Linux bridge");
        }
        awaitPath();
    }

    private LabSwitchKind chooseSwitch() {
        LabSwitchKind wanted = options.switchKind();
        if (wanted != LabSwitchKind.AUTO) {
            return wanted;
        }
        ExecResult r = node.exec("command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null"
                + " && command -v ovs-vsctl >/dev/null && command -v ethtool >/dev/null && test -r " + OVS_SCHEMA,
                options.commandTimeout());
        return r.succeeded() ? LabSwitchKind.OVS_NETDEV : LabSwitchKind.LINUX_BRIDGE;
    }

    private String ovsEnv() {
        return "OVS_RUNDIR=" + runDir + " OVS_DBDIR=" + runDir + " OVS_LOGDIR=" + runDir + " OVS_SYSCONFDIR=" + runDir
                + " OVS_PKGDATADIR=/usr/share/openvswitch";
    }

    private void startOvs(Topology topology, Map<Port, String> links) {
        String sw = switchNamespace();
        String env = "env " + ovsEnv() + " " + RUN_MARKER + "=" + prefix;
        String db = "unix:" + runDir + "/db.sock";
        String br = prefix + "br";
        sh("for d in " + generatorNamespace(0) + ":" + prefix + "p0 " + generatorNamespace(1) + ":" + prefix + "p1; do"
                + " ip netns exec ${d%%:*} ethtool -K ${d#*:} tx off >/dev/null || exit 1; done",
                "switch off TX checksum offload on the generator ports");
        register(LabResource.pidFile(owner(), runDir + "/ovsdb-server.pid"));
        register(LabResource.pidFile(owner(), runDir + "/ovs-vswitchd.pid"));
        sh(env + " ovsdb-tool create " + runDir + "/conf.db " + OVS_SCHEMA
                + " && { ip netns exec " + sw + " " + env + " ovsdb-server " + runDir + "/conf.db --remote=punix:" + runDir
                + "/db.sock --pidfile=" + runDir + "/ovsdb-server.pid --log-file=" + runDir
                + "/ovsdb-server.log --detach --no-chdir; rc=$?; " + recordDaemon("ovsdb-server") + "; [ $rc = 0 ]; }"
                + " && " + env + " ovs-vsctl --db=" + db + " --timeout=20 --no-wait init"
                + " && { ip netns exec " + sw + " " + env + " ovs-vswitchd " + db + " --pidfile=" + runDir
                + "/ovs-vswitchd.pid --log-file=" + runDir + "/ovs-vswitchd.log --detach --no-chdir; rc=$?; "
                + recordDaemon("ovs-vswitchd") + "; [ $rc = 0 ]; }",
                OVS_STEP);
        daemons.addAll(List.of("ovsdb-server", "ovs-vswitchd"));
        StringBuilder vsctl = new StringBuilder(env + " ovs-vsctl --db=" + db + " --timeout=20 add-br " + br
                + " -- set bridge " + br + " datapath_type=netdev fail_mode=secure protocols=OpenFlow10,OpenFlow13");
        for (Map.Entry<Port, String> e : links.entrySet()) {
            vsctl.append(" -- add-port ").append(br).append(' ').append(e.getValue()).append(" -- set interface ")
                    .append(e.getValue()).append(" ofport_request=").append(ofport(e.getKey()));
        }
        register(LabResource.ovsBridge(owner(), runDir + "/db.sock", br));
        sh(vsctl.toString(), "create the OVS bridge with datapath_type=netdev");
        String ofctl = env + " ovs-ofctl -O OpenFlow13 ";
        String mgmt = " unix:" + runDir + "/" + br + ".mgmt";
        StringBuilder flows = new StringBuilder(ofctl + "del-flows" + mgmt);
        for (String rule : openFlowRules(topology)) {
            flows.append(" && ").append(ofctl).append(rule.startsWith("group_id=") ? "add-group" : "add-flow")
                    .append(mgmt).append(' ').append(Shell.quote(rule));
        }
        sh(flows.toString(), "program the OVS flows of " + topology.deployment());
    }

    /** Records an OVS daemon by its pidfile (also when it reported a failure but runs). */
    private String recordDaemon(String daemon) {
        return "{ [ -s " + runDir + "/" + daemon + ".pid ] && " + records.recordCommand(daemon, "$(cat " + runDir + "/"
                + daemon + ".pid)", ProcessRecords.Kind.PROCESS) + " || true; }";
    }

    /**
     * The OpenFlow groups and flows of both directions, groups first. A flow of a parallel
     * deployment ({@link SwitchFlow#stream()} ≥ 0) steers one VSPERF stream to one VM; the
     * embedded lab's generator sends its flows (sockperf, iperf3, ARP) as they are, so the flows
     * of all streams leaving one port become one {@code select} group that spreads the traffic
     * over the parallel VMs by a hash of each flow's headers.
     */
    static List<String> openFlowRules(Topology topology) {
        Set<SwitchFlow> all = new LinkedHashSet<>(topology.flows());
        all.addAll(topology.reverseFlows());
        Map<Port, List<Port>> streams = new LinkedHashMap<>();
        List<String> flows = new ArrayList<>();
        for (SwitchFlow f : all) {
            if (f.stream() >= 0) {
                streams.computeIfAbsent(f.from(), k -> new ArrayList<>()).add(f.to());
            } else {
                flows.add("in_port=" + ofport(f.from()) + ",idle_timeout=0,actions=output:" + ofport(f.to()));
            }
        }
        List<String> rules = new ArrayList<>();
        int group = 1;
        for (Map.Entry<Port, List<Port>> e : streams.entrySet()) {
            StringBuilder g = new StringBuilder("group_id=" + group + ",type=select");
            for (Port to : e.getValue()) {
                g.append(",bucket=output:").append(ofport(to));
            }
            rules.add(g.toString());
            flows.add("in_port=" + ofport(e.getKey()) + ",idle_timeout=0,actions=group:" + group);
            group++;
        }
        rules.addAll(flows);
        return List.copyOf(rules);
    }

    /** OpenFlow port: phy1 = 1, phy2 = 2, guest VM v NIC n = 100·v + n. */
    static int ofport(Port port) {
        return port.physical() ? port.nic() : 100 * port.vm() + port.nic();
    }

    /** Waits until generator port 1 resolves port 2's MAC over the switch (ARP both ways). */
    private void awaitPath() {
        String tg0 = generatorNamespace(0);
        String probe = "i=0; while [ $i -lt 100 ]; do"
                + " ip netns exec " + tg0 + " bash -c 'echo probe > /dev/udp/" + PORT2_ADDRESS + "/9' 2>/dev/null;"
                + " ip -n " + tg0 + " neigh show " + PORT2_ADDRESS + " | grep -q lladdr && exit 0;"
                + " sleep 0.1; i=$((i+1)); done; exit 1";
        sh(probe, "wait until " + PORT1_ADDRESS + " reaches " + PORT2_ADDRESS + " through the switch (ARP)");
    }

    private void sh(String script, String what) {
        ExecResult r = node.exec(script, options.commandTimeout());
        if (!r.succeeded()) {
            throw new ForwardingFailedException("[" + node.name() + "] " + what + " (" + prefix + "): " + r.outcome()
                    + "\n" + String.join("\n", r.stderrTail().subList(Math.max(0, r.stderrTail().size() - 10),
                    r.stderrTail().size())));
        }
    }

    /**
     * Stops the guests, kills exactly the processes this lab recorded, deletes its namespaces,
     * links and run directory, and checks nothing is left, in a bounded time (see the class
     * comment). Idempotent.
     *
     * @throws ForwardingFailedException when something of this lab survives
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException failure = null;
        for (int i = attachments.size() - 1; i >= 0; i--) {
            try {
                attachments.get(i).close();
            } catch (Exception e) {
                failure = failure == null ? new ForwardingFailedException("stopping guests of " + prefix + " failed: "
                        + e.getMessage(), e) : failure;
            }
        }
        attachments.clear();
        try {
            cleanup();
        } catch (RuntimeException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;  // the registrations stay: the reaper removes what survived
        }
        for (Reaper.Registration r : registrations) {
            r.close();
        }
        registrations.clear();
        closed = true;
        if (failure != null) {
            throw failure;
        }
    }

    private void cleanup() {
        clean(node, prefix, options.runRoot(), options.commandTimeout());
    }

    /**
     * Removes everything of the lab with {@code prefix} and verifies it; throws when anything
     * survives. Kills the processes recorded in its run directory (SIGKILL, then waits at most
     * {@link #KILL_WAIT} for them to die), deletes the namespaces and root-namespace links whose
     * names start with the prefix, and removes the run directory — unless a recorded process
     * survived: then the directory stays, so that a later sweep still knows what to stop.
     */
    static void clean(Node node, String prefix, String runRoot, Duration timeout) {
        requirePrefix(prefix);
        long waitSteps = KILL_WAIT.toMillis() / 50;
        String script = "P=" + Shell.quote(prefix) + "; R=" + Shell.quote(runRoot) + "/\"$P\"run; D=\"$R\"/procs; "
                + ProcessRecords.functions()
                + "rec_kill; i=0; while [ $i -lt " + waitSteps + " ] && [ -n \"$(rec_live)\" ]; do sleep 0.05;"
                + " i=$((i+1)); done; "
                + "for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do case \"$ns\" in \"$P\"*)"
                + " ip netns del \"$ns\";; esac; done; "
                + "for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do case \"$l\" in"
                + " \"$P\"*) ip link del \"$l\" 2>/dev/null;; esac; done; "
                + "[ -n \"$(rec_live)\" ] || rm -rf \"$R\"; true";
        ExecResult r = node.exec(script, timeout);
        if (!r.succeeded()) {
            throw new ForwardingFailedException("[" + node.name() + "] cleaning " + prefix + " failed: " + r.outcome()
                    + " " + r.stderrText());
        }
        List<String> left = leftovers(node, prefix, runRoot, timeout);
        if (!left.isEmpty()) {
            throw new ForwardingFailedException("[" + node.name() + "] after cleaning " + prefix + " these remain: " + left);
        }
    }

    /**
     * What of the lab with {@code prefix} exists on the node: {@code netns NAME}, {@code link NAME}
     * (in the root namespace), {@code process PID KIND RECORD} (a recorded process that still
     * runs), {@code dir PATH}. Empty when clean. Reads the lab's records, not the process table.
     *
     * @param node    the node the lab was built on
     * @param prefix  the lab's prefix, e.g. {@code k4n-2n9cx1-}
     * @param runRoot the directory holding the lab's run directory
     * @param timeout upper bound of the listing command
     * @return one line per leftover, in the forms above
     * @throws IllegalArgumentException when {@code prefix} is not a lab prefix
     * @throws NodeException            when the listing command fails
     */
    public static List<String> leftovers(Node node, String prefix, String runRoot, Duration timeout) {
        requirePrefix(prefix);
        String script = "P=" + Shell.quote(prefix) + "; R=" + Shell.quote(runRoot) + "/\"$P\"run; D=\"$R\"/procs; "
                + ProcessRecords.functions()
                + "for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do case \"$ns\" in \"$P\"*)"
                + " echo \"netns $ns\";; esac; done; "
                + "for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do case \"$l\" in"
                + " \"$P\"*) echo \"link $l\";; esac; done; "
                + "rec_live | sed 's/^/process /'; "
                + "for d in " + Shell.quote(runRoot) + "/\"$P\"*; do [ -e \"$d\" ] && echo \"dir $d\"; done; true";
        ExecResult r = node.exec(script, ExecOptions.timeout(timeout).withTailLines(1000));
        if (!r.succeeded()) {
            throw new NodeException("[" + node.name() + "] cannot list what is left of " + prefix + ": " + r.outcome());
        }
        return r.stdoutTail().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Removes every lab whose owner process no longer runs on the node (crashed runs): their
     * recorded processes, namespaces, links and run directories under {@code runRoot}. A lab's
     * owner is the pid and start time in its run directory ({@code owner}); without a run
     * directory (namespaces only), the pid in its prefix, alive as long as any process has it. Labs
     * of live owners are left alone. Bounded: it lists namespaces and run directories, and reads
     * one {@code /proc/PID/stat} per lab.
     *
     * @param node    the node to sweep
     * @param runRoot the directory holding the labs' run directories, e.g. {@code /tmp}
     * @return the prefixes that were swept
     * @throws ForwardingFailedException when a stale lab cannot be removed completely
     */
    public static List<String> sweepStale(Node node, String runRoot) {
        Duration timeout = Duration.ofSeconds(60);
        String list = "ip netns list 2>/dev/null | awk '{print $1}'; "
                + "ls -1d " + Shell.quote(runRoot) + "/" + PREFIX + "*run 2>/dev/null | sed 's#.*/##'; true";
        ExecResult r = node.exec(list, ExecOptions.timeout(timeout).withTailLines(100_000));
        Set<String> prefixes = new LinkedHashSet<>();
        for (String line : r.stdoutTail()) {
            Matcher m = ID.matcher(line.trim());
            if (m.lookingAt()) {
                prefixes.add(m.group());
            }
        }
        List<String> swept = new ArrayList<>();
        for (String prefix : prefixes) {
            Matcher m = ID.matcher(prefix);
            if (!m.matches()) {
                continue;
            }
            long pidInName = Long.parseLong(m.group(1), 36);
            String owner = Shell.quote(runRoot + "/" + prefix + "run/owner");
            // alive: the recorded owner runs with its start time (not a zombie); no record: its pid exists
            String alive = OwnerFile.aliveFunction() + "if [ -f " + owner + " ]; then k4n_owner_alive " + owner + ";"
                    + " else test -d /proc/" + pidInName + "; fi";
            if (node.exec(alive, timeout).succeeded()) {
                continue;
            }
            clean(node, prefix, runRoot, timeout);
            swept.add(prefix);
        }
        return List.copyOf(swept);
    }

    /**
     * The prefix shared by every lab owned by {@code ownerPid}: {@code k4n-<pid base 36>x}.
     *
     * @param ownerPid the owner's pid on the node
     * @return the prefix, e.g. to find that owner's labs
     */
    public static String ownerPrefix(long ownerPid) {
        return PREFIX + Long.toString(ownerPid, 36) + "x";
    }

    private static void requirePrefix(String prefix) {
        if (!ID.matcher(prefix).matches()) {
            throw new IllegalArgumentException("not a lab prefix: " + prefix);
        }
    }

    @Override
    public String toString() {
        return "forwarding lab " + prefix + " on " + node.name() + " (" + switchKind + ")";
    }
}
