package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.DetachedProcess;
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
 * The servers run as this lab's processes; everything is removed before {@link #run} returns
 * or throws. Both directions always carry frames (ARP, replies, iperf3's control connection), so
 * {@link ForwardingRequest#bidirectional()} makes no difference here. Durations are whole
 * seconds (sockperf's and iperf3's unit), at least 1.
 */
public final class NetnsTrafficGenerator implements TrafficGenerator {

    private static final int SOCKPERF_PORT = 11111;
    private static final int IPERF_PORT = 5201;
    /** sockperf's client spends about 2 s before its measured window (start-up and warm-up). */
    private static final long SOCKPERF_STARTUP_SECONDS = 2;
    private static final String RC_LINE = "K4N-EXIT-STATUS";

    private final Node node;
    private final EmbeddedLabOptions options;
    private final GuestForwarders guests;
    private final Consumer<String> log;

    /**
     * @param node    the machine that hosts the lab (this machine: a local node or SSH to loopback)
     * @param options how to build and drive the path
     * @param guests  the guests for deployments with VMs, or {@code null} for p2p only
     * @param log     receives progress lines, may be {@code null}
     */
    public NetnsTrafficGenerator(Node node, EmbeddedLabOptions options, GuestForwarders guests, Consumer<String> log) {
        this.node = Objects.requireNonNull(node, "node");
        this.options = Objects.requireNonNull(options, "options");
        this.guests = guests;
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
        if (!supports(request.topology())) {
            throw new IllegalArgumentException("the embedded lab cannot run " + request.topology().deployment()
                    + (request.topology().usesVswitch() ? "" : " with PCI passthrough")
                    + (guests == null ? " (no guests attached: p2p only)" : "")
                    + (options.switchKind() == LabSwitchKind.LINUX_BRIDGE ? " (a Linux bridge cannot steer traffic"
                    + " through guests: use OVS)" : ""));
        }
        Instant start = Instant.now();
        long seconds = Math.max(1, Math.round(request.durationPerSize().toMillis() / 1000.0));
        try (NetnsForwardingLab lab = NetnsForwardingLab.create(node, options, request.topology(), guests)) {
            log.accept("forwarding path " + lab.prefix() + " up with " + lab.switchKind() + " after "
                    + Duration.between(start, Instant.now()).toMillis() + " ms"
                    + lab.fallbackReason().map(r -> " (OVS did not start: " + r + ")").orElse(""));
            List<FrameSizeResult> figures = new ArrayList<>();
            try (DetachedProcess sockperf = DetachedProcess.start(node, lab.inGenerator(1, List.of("sockperf", "server",
                         "-i", NetnsForwardingLab.PORT2_ADDRESS, "-p", String.valueOf(SOCKPERF_PORT))),
                         lab.runDir() + "/sockperf-server.log");
                 DetachedProcess iperf = DetachedProcess.start(node, lab.inGenerator(1, List.of("iperf3", "-s", "-B",
                         NetnsForwardingLab.PORT2_ADDRESS, "-p", String.valueOf(IPERF_PORT))),
                         lab.runDir() + "/iperf3-server.log")) {
                awaitListening(lab);
                for (int size : request.frameSizes()) {
                    FrameSizeResult r = measure(lab, size, seconds);
                    log.accept("  " + r);
                    figures.add(r);
                }
                requireAlive(sockperf, "sockperf server");
                requireAlive(iperf, "iperf3 server");
            }
            List<FrameSizeResult> complete = ResultCompleteness.require(request.frameSizes(), figures,
                    "embedded lab run " + lab.prefix());
            return new ForwardingResult(request.testId(), request.topology().deployment().canonicalName(),
                    lab.switchKind().testType(), name(), complete, start, Duration.between(start, Instant.now()), null);
        } catch (NodeException e) {
            throw new ForwardingFailedException("embedded forwarding run " + request.testId() + " failed: "
                    + e.getMessage(), e);
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

    private static void requireAlive(DetachedProcess server, String what) {
        if (!server.alive()) {
            throw new ForwardingFailedException(what + " died during the run (" + server + ")");
        }
    }

    private FrameSizeResult measure(NetnsForwardingLab lab, int frameSize, long seconds) {
        int payload = FrameSizes.udpPayload(frameSize);
        long iperfSeconds = seconds + SOCKPERF_STARTUP_SECONDS;
        Duration timeout = Duration.ofSeconds(iperfSeconds + 30);
        long bitsPerSecond = (long) options.offeredFps() * payload * 8;
        String json = lab.runDir() + "/iperf3-" + frameSize + ".json";
        String iperf = Shell.command(lab.inGenerator(0, List.of("iperf3", "-c", NetnsForwardingLab.PORT2_ADDRESS,
                "-p", String.valueOf(IPERF_PORT), "-u", "-l", String.valueOf(payload), "-b", String.valueOf(bitsPerSecond),
                "-t", String.valueOf(iperfSeconds), "--json")));
        String sockperf = Shell.command(lab.inGenerator(0, List.of("sockperf", "ping-pong", "-i",
                NetnsForwardingLab.PORT2_ADDRESS, "-p", String.valueOf(SOCKPERF_PORT), "-m", String.valueOf(payload),
                "-t", String.valueOf(seconds))));
        String script = iperf + " >" + Shell.quote(json) + " 2>" + Shell.quote(json + ".err") + " & ip=$!; " + sockperf + " 2>&1; s=$?; wait $ip; i=$?;"
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
