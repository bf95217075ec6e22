package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.lab.LabResources;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The embedded lab's traffic generator: builds a {@link NetnsForwardingLab} for the request,
 * then per frame size
 * <ul>
 *   <li>rate and loss: {@code iperf3 -u} from generator port 1 to an iperf3 server on port 2 at
 *       {@link EmbeddedLabOptions#offeredFps()} frames per second, UDP payload = frame − 46 bytes
 *       ({@link FrameSizes#udpPayload}); received fps from the server's count, Mbit/s on whole
 *       frames, loss from the datagrams missing at the receiver ({@link Iperf3UdpResult});</li>
 *   <li>latency, measured under that load like an IXIA's latency-stamped frames: at the same time
 *       {@code sockperf ping-pong} with the same payload to a sockperf server on port 2; sockperf's
 *       latency is half the round trip, in µs (min, avg, max and its percentiles). iperf3 runs 2 s
 *       longer than sockperf's measured window because sockperf spends that long starting up.</li>
 * </ul>
 * The servers run as this lab's recorded processes; {@link #run} removes everything before it
 * returns or throws, {@link #open} keeps the path — lab, guests, servers — up for several runs
 * until it is closed (the first {@code open} of a JVM also sweeps the labs of dead runs,
 * {@link NetnsForwardingLab#sweepStale}). Both directions always carry frames (ARP, replies, iperf3's control connection), so
 * {@link ForwardingRequest#bidirectional()} makes no difference here. Durations are whole
 * seconds (sockperf's and iperf3's unit), at least 1.
 */
public final class NetnsTrafficGenerator implements TrafficGenerator {

    private static final int SOCKPERF_PORT = 11111;
    private static final int IPERF_PORT = 5201;
    /** sockperf's client spends about 2 s before its measured window (start-up and warm-up). */
    private static final long SOCKPERF_STARTUP_SECONDS = 2;
    private static final String RC_LINE = "K4N-EXIT-STATUS";
    private static final int IPERF_CONNECT_TIMEOUT_MS = 10_000;
    /** Node and run root of every sweep of dead labs done by this JVM. */
    private static final java.util.Set<String> SWEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Node node;
    private final EmbeddedLabOptions options;
    private final GuestForwarders guests;
    private final LabResources resources;
    private final Consumer<String> log;

    /**
     * @param node    the machine that hosts the lab (this machine: a local node or SSH to loopback)
     * @param options how to build and drive the path
     * @param guests  the guests for deployments with VMs, or {@code null} for p2p only
     * @param log     receives progress lines, may be {@code null}
     */
    public NetnsTrafficGenerator(Node node, EmbeddedLabOptions options, GuestForwarders guests, Consumer<String> log) {
        this(node, options, guests, LabResources.none(), log);
    }

    /**
     * As {@link #NetnsTrafficGenerator(Node, EmbeddedLabOptions, GuestForwarders, Consumer)}, each path
     * registering everything it creates with {@code resources} before creating it
     * ({@link NetnsForwardingLab}).
     *
     * @param node      the machine that hosts the lab (this machine: a local node or SSH to loopback)
     * @param options   how to build and drive the path
     * @param guests    the guests for deployments with VMs, or {@code null} for p2p only
     * @param resources a registry on the node's machine (the embedded lab's reaper), or {@link LabResources#none()}
     * @param log       receives progress lines, may be {@code null}
     */
    public NetnsTrafficGenerator(Node node, EmbeddedLabOptions options, GuestForwarders guests, LabResources resources,
                                 Consumer<String> log) {
        this.node = Objects.requireNonNull(node, "node");
        this.options = Objects.requireNonNull(options, "options");
        this.guests = guests;
        this.resources = Objects.requireNonNull(resources, "resources");
        this.log = log == null ? line -> { } : log;
    }

    @Override
    public String name() {
        return "sockperf+iperf3";
    }

    @Override
    public boolean supports(Topology topology) {
        return topology.usesVswitch()
                && (topology.deployment().vmCount() == 0 || guests != null && options.switchKind() != LabSwitchKind.LINUX_BRIDGE);
    }

    @Override
    public ForwardingResult run(ForwardingRequest request) {
        try (ForwardingPath path = open(request.topology())) {
            return path.run(request);
        }
    }

    /**
     * Builds the path of {@code topology} — namespaces, switch, flows, guests — and starts the
     * sockperf and iperf3 servers on generator port 2; the path measures until it is closed.
     */
    @Override
    public ForwardingPath open(Topology topology) {
        if (!supports(topology)) {
            throw new IllegalArgumentException("the embedded lab cannot run " + topology.deployment()
                    + (topology.usesVswitch() ? "" : " with PCI passthrough")
                    + (guests == null ? " (no guests attached: p2p only)" : "")
                    + (options.switchKind() == LabSwitchKind.LINUX_BRIDGE ? " (a Linux bridge cannot steer traffic"
                    + " through guests: use OVS)" : ""));
        }
        sweepStaleOnce();
        Instant start = Instant.now();
        try {
            NetnsForwardingLab lab = NetnsForwardingLab.create(node, options, topology, guests, resources);
            try {
                lab.startInGenerator(1, "sockperf-server", List.of("sockperf", "server", "-i",
                        NetnsForwardingLab.PORT2_ADDRESS, "-p", String.valueOf(SOCKPERF_PORT)));
                lab.startInGenerator(1, "iperf3-server", List.of("iperf3", "-s", "-B", NetnsForwardingLab.PORT2_ADDRESS,
                        "-p", String.valueOf(IPERF_PORT)));
                awaitListening(lab);
            } catch (RuntimeException e) {
                try {
                    lab.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            log.accept("forwarding path " + lab.prefix() + " (" + topology.describePaths() + ") up with "
                    + lab.switchKind() + " after " + Duration.between(start, Instant.now()).toMillis() + " ms"
                    + lab.fallbackReason().map(r -> " (OVS did not start: " + r + ")").orElse(""));
            return new NetnsPath(lab, topology);
        } catch (NodeException e) {
            throw new ForwardingFailedException("building the embedded forwarding path of " + topology.describePaths()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes the labs of dead runs the first time this JVM opens a path under a run root; never fails the run. */
    private void sweepStaleOnce() {
        if (!SWEPT.add(node.name() + ":" + options.runRoot())) {
            return;
        }
        try {
            List<String> swept = NetnsForwardingLab.sweepStale(node, options.runRoot());
            if (!swept.isEmpty()) {
                log.accept("removed the forwarding labs of dead runs: " + swept);
            }
        } catch (RuntimeException e) {
            log.accept("could not sweep the forwarding labs of dead runs: " + e.getMessage());
        }
    }

    /** One built path: measures request after request, one at a time. */
    private final class NetnsPath implements ForwardingPath {
        private final NetnsForwardingLab lab;
        private final Topology topology;

        NetnsPath(NetnsForwardingLab lab, Topology topology) {
            this.lab = lab;
            this.topology = topology;
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public synchronized ForwardingResult run(ForwardingRequest request) {
            ForwardingPath.requireTopology(this, request);
            Instant start = Instant.now();
            long seconds = Math.max(1, Math.round(request.durationPerSize().toMillis() / 1000.0));
            try {
                List<FrameSizeResult> figures = new ArrayList<>();
                long drops = lab.switchSocketDrops();
                for (int size : request.frameSizes()) {
                    FrameSizeResult r = measure(lab, size, seconds);
                    long now = drops < 0 ? -1 : lab.switchSocketDrops();
                    log.accept("  " + r + (now > drops ? " (" + (now - drops) + " frames dropped by the switch's"
                            + " receive sockets: ovs-vswitchd was not scheduled in time, host load)" : ""));
                    drops = now;
                    figures.add(r);
                }
                lab.problem().ifPresent(p -> {
                    throw new ForwardingFailedException("the path " + lab.prefix() + " broke during the run: " + p);
                });
                List<FrameSizeResult> complete = ResultCompleteness.require(request.frameSizes(), figures,
                        "embedded lab run " + lab.prefix());
                return new ForwardingResult(request.testId(), topology.deployment().canonicalName(),
                        lab.switchKind().testType(), name(), complete, start, Duration.between(start, Instant.now()), null);
            } catch (NodeException e) {
                throw new ForwardingFailedException("embedded forwarding run " + request.testId() + " failed: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public java.util.Optional<String> problem() {
            return lab.problem();
        }

        @Override
        public synchronized void close() {
            long t0 = System.nanoTime();
            lab.close();
            log.accept("forwarding path " + lab.prefix() + " removed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }

        @Override
        public String toString() {
            return lab.toString();
        }
    }

    private void awaitListening(NetnsForwardingLab lab) {
        String ns = lab.generatorNamespace(1);
        String script = "i=0; while [ $i -lt 100 ]; do"
                + " ip netns exec " + ns + " ss -Hlnu 'sport = :" + SOCKPERF_PORT + "' | grep -q . &&"
                + " ip netns exec " + ns + " ss -Hlnt 'sport = :" + IPERF_PORT + "' | grep -q . && exit 0;"
                + " sleep 0.05; i=$((i+1)); done; exit 1";
        ExecResult r = node.exec(script, Duration.ofSeconds(20));
        if (!r.succeeded()) {
            throw new ForwardingFailedException("the sockperf/iperf3 servers in " + ns + " did not start listening");
        }
    }

    private FrameSizeResult measure(NetnsForwardingLab lab, int frameSize, long seconds) {
        int payload = FrameSizes.udpPayload(frameSize);
        long iperfSeconds = seconds + SOCKPERF_STARTUP_SECONDS;
        Duration timeout = Duration.ofSeconds(iperfSeconds + 30);
        long bitsPerSecond = (long) options.offeredFps() * payload * 8;
        String json = lab.runDir() + "/iperf3-" + frameSize + ".json";
        String iperf = Shell.command(lab.records().selfRecording("iperf3-client", ProcessRecords.Kind.PROCESS,
                lab.inGenerator(0, List.of("iperf3", "-c", NetnsForwardingLab.PORT2_ADDRESS,
                "-p", String.valueOf(IPERF_PORT), "-u", "-l", String.valueOf(payload), "-b", String.valueOf(bitsPerSecond),
                "-t", String.valueOf(iperfSeconds), "--json",
                // a path that carries nothing fails in seconds instead of the exec's timeout
                "--connect-timeout", String.valueOf(IPERF_CONNECT_TIMEOUT_MS)))));
        String sockperf = Shell.command(lab.records().selfRecording("sockperf-client", ProcessRecords.Kind.PROCESS,
                lab.inGenerator(0, List.of("sockperf", "ping-pong", "-i", NetnsForwardingLab.PORT2_ADDRESS, "-p",
                        String.valueOf(SOCKPERF_PORT), "-m", String.valueOf(payload), "-t", String.valueOf(seconds)))));
        String script = iperf + " >" + Shell.quote(json) + " 2>" + Shell.quote(json + ".err") + " & ip=$!; " + sockperf + " 2>&1; s=$?;"
                // a failed latency run ends the measurement: iperf3 need not finish its seconds
                + " [ $s = 0 ] || kill $ip 2>/dev/null; wait $ip; i=$?;"
                + " echo \"" + RC_LINE + " $s $i\"";
        List<String> out = new ArrayList<>();
        ExecResult both = node.exec(script, ExecOptions.timeout(timeout).withTailLines(0).withStdout(out::add));
        if (!both.succeeded()) {
            throw new ForwardingFailedException("traffic at " + frameSize + " B " + both.outcome() + ": " + last(out));
        }
        String rcLine = out.isEmpty() ? "" : out.get(out.size() - 1);
        String[] rc = rcLine.startsWith(RC_LINE) ? rcLine.substring(RC_LINE.length()).trim().split(" ") : new String[0];
        if (rc.length != 2) {
            throw new ForwardingFailedException("traffic at " + frameSize + " B: no exit status reported: " + last(out));
        }
        if (!rc[0].equals("0")) {
            throw new ForwardingFailedException("sockperf ping-pong at " + frameSize + " B " + describeStatus(rc[0]) + ": "
                    + last(out.subList(0, out.size() - 1)));
        }
        SockperfOutput lat = SockperfOutput.parse(out.subList(0, out.size() - 1));

        List<String> jsonLines = new ArrayList<>();
        ExecResult read = node.exec("cat " + Shell.quote(json), ExecOptions.timeout(Duration.ofSeconds(20)).withTailLines(0)
                .withStdout(jsonLines::add));
        if (!read.succeeded()) {
            throw new ForwardingFailedException("iperf3 at " + frameSize + " B left no output: " + read.outcome());
        }
        if (!rc[1].equals("0")) {
            throw new ForwardingFailedException("iperf3 at " + frameSize + " B " + describeStatus(rc[1]) + ": "
                    + last(jsonLines) + " " + node.exec("cat " + Shell.quote(json + ".err"), Duration.ofSeconds(20))
                    .stdoutText());
        }
        Iperf3UdpResult udp = Iperf3UdpResult.parse(String.join("\n", jsonLines));
        double fps = udp.seconds() > 0 ? udp.receivedPackets() / udp.seconds() : 0;
        return new FrameSizeResult(frameSize, lat.minUs(), lat.avgUs(), lat.maxUs(), lat.percentiles(), fps,
                FrameSizes.frameMbps(fps, frameSize), udp.lostPercent(), udp.sentPackets(), udp.receivedPackets());
    }

    private static String describeStatus(String status) {
        int code = Integer.parseInt(status);
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = signal == 9 ? "KILL" : signal == 15 ? "TERM" : signal == 2 ? "INT" : signal == 11 ? "SEGV"
                    : String.valueOf(signal);
            return "killed by signal " + name;
        }
        return "exit " + code;
    }

    private static String last(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
