package io.kvm4nfv.probe.forwarding;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to measure: which test over which path, at which frame sizes, for how long.
 *
 * @param testId          the test's id, VSPERF style ({@code phy2phy_tput}, {@code pvp_tput},
 *                        {@code pvvp_tput}, …); VSPERF runs the test of that name
 * @param topology        the forwarding path
 * @param frameSizes      Ethernet frame sizes incl. FCS, run in this order
 * @param durationPerSize traffic time per frame size (VSPERF {@code TRAFFICGEN_DURATION}, whole seconds there)
 * @param bidirectional   traffic in both directions (VSPERF {@code TRAFFIC['bidir']})
 */
public record ForwardingRequest(String testId, Topology topology, List<Integer> frameSizes,
                                Duration durationPerSize, boolean bidirectional) {

    /**
     * Checks the request and copies the frame sizes.
     *
     * @param testId          the test's id: letters, digits, {@code _ . -}
     * @param topology        the forwarding path
     * @param frameSizes      Ethernet frame sizes incl. FCS, checked with {@link FrameSizes#validate}
     * @param durationPerSize traffic time per frame size, at least 100 ms
     * @param bidirectional   traffic in both directions
     * @throws NullPointerException     when {@code testId}, {@code topology} or {@code durationPerSize} is {@code null}
     * @throws IllegalArgumentException for a test id with other characters, bad frame sizes or a too short duration
     */
    public ForwardingRequest {
        Objects.requireNonNull(testId, "testId");
        if (!testId.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("test id may hold letters, digits, '_', '.', '-' only: " + testId);
        }
        Objects.requireNonNull(topology, "topology");
        frameSizes = FrameSizes.validate(frameSizes);
        Objects.requireNonNull(durationPerSize, "durationPerSize");
        if (durationPerSize.isNegative() || durationPerSize.toMillis() < 100) {
            throw new IllegalArgumentException("durationPerSize must be at least 100 ms: " + durationPerSize);
        }
    }

    /**
     * A request named like VSPERF's throughput tests ({@code phy2phy_tput}, {@code pvp_tput},
     * {@code pvvp_tput}, {@code pvpv_tput}; other counts as {@code pvvp4_tput}), unidirectional.
     *
     * @param topology        the forwarding path; its deployment names the test
     * @param frameSizes      Ethernet frame sizes in bytes incl. FCS, run in this order
     * @param durationPerSize traffic time per frame size
     * @return the throughput request
     */
    public static ForwardingRequest throughput(Topology topology, List<Integer> frameSizes, Duration durationPerSize) {
        String d = topology.deployment().canonicalName();
        String id = (d.equals("p2p") ? "phy2phy" : d) + "_tput";
        return new ForwardingRequest(id, topology, frameSizes, durationPerSize, false);
    }

    /**
     * This request in one or both directions.
     *
     * @param bidir {@code true} for traffic phy1 → phy2 and phy2 → phy1
     * @return a copy with {@code bidirectional} replaced
     */
    public ForwardingRequest withBidirectional(boolean bidir) {
        return new ForwardingRequest(testId, topology, frameSizes, durationPerSize, bidir);
    }

    /**
     * The same test over {@code path} (e.g. the deployment with SR-IOV NICs).
     *
     * @param path the forwarding path to use instead
     * @return a copy with {@code topology} replaced
     */
    public ForwardingRequest withTopology(Topology path) {
        return new ForwardingRequest(testId, path, frameSizes, durationPerSize, bidirectional);
    }

    /**
     * This request under another test id.
     *
     * @param id the test's id, letters, digits, {@code _ . -} only
     * @return a copy with {@code testId} replaced
     */
    public ForwardingRequest withTestId(String id) {
        return new ForwardingRequest(id, topology, frameSizes, durationPerSize, bidirectional);
    }
}
