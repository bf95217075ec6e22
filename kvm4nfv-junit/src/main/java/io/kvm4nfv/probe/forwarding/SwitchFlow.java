package io.kvm4nfv.probe.forwarding;

/**
 * One one-way flow the vSwitch is programmed with, in the direction phy1 → phy2 (the
 * reverse direction of bidirectional traffic is {@link #reversed()}).
 *
 * @param from   ingress port
 * @param to     egress port
 * @param stream the traffic stream this flow matches (parallel deployments dispatch by stream:
 *               UDP port, IP or MAC), or {@code -1} when it matches everything from {@code from}
 */
public record SwitchFlow(Port from, Port to, int stream) {

    /**
     * Checks the stream number.
     *
     * @param from   ingress port
     * @param to     egress port
     * @param stream the matched traffic stream, or {@code -1} for everything from {@code from}
     * @throws IllegalArgumentException when {@code stream} is below -1
     */
    public SwitchFlow {
        if (stream < -1) {
            throw new IllegalArgumentException("stream must be >= 0, or -1 for any: " + stream);
        }
    }

    /**
     * The same flow in the other direction, for bidirectional traffic.
     *
     * @return the flow from {@code to} to {@code from}, matching the same stream
     */
    public SwitchFlow reversed() {
        return new SwitchFlow(to, from, stream);
    }

    @Override
    public String toString() {
        return from + " -> " + to + (stream >= 0 ? " [stream " + stream + "]" : "");
    }
}
