package io.kvm4nfv.probe.forwarding;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One packet-forwarding test as a plain value: what {@code @PacketForwarding} maps to.
 *
 * @param topology        the deployment with its guests' NICs ({@code GUEST_NICS_NR})
 * @param frameSizes      Ethernet frame sizes, run in this order (KVM4NFV: {@link FrameSizes#KVM4NFV})
 * @param durationPerSize traffic time per frame size
 * @param sla             the bounds every frame size is judged by (a {@code null} bound is not checked)
 */
public record ForwardingOptions(Topology topology, List<Integer> frameSizes, Duration durationPerSize,
                                ForwardingSla sla) {

    public ForwardingOptions {
        Objects.requireNonNull(topology, "topology");
        frameSizes = FrameSizes.validate(frameSizes);
        Objects.requireNonNull(durationPerSize, "durationPerSize");
        if (durationPerSize.toMillis() < 1000) {
            throw new IllegalArgumentException("durationPerSize must be at least 1 s: " + durationPerSize);
        }
        Objects.requireNonNull(sla, "sla");
    }

    /** KVM4NFV's frame sizes, 30 s each (VSPERF's default traffic duration), no bound. */
    public static ForwardingOptions of(String deployment) {
        return new ForwardingOptions(Topology.parse(deployment), FrameSizes.KVM4NFV, Duration.ofSeconds(30),
                ForwardingSla.none());
    }

    /** The request the traffic generator runs: VSPERF's throughput test of the deployment. */
    public ForwardingRequest request() {
        return ForwardingRequest.throughput(topology, frameSizes, durationPerSize);
    }

    public ForwardingOptions withFrameSizes(List<Integer> sizes) {
        return new ForwardingOptions(topology, sizes, durationPerSize, sla);
    }

    public ForwardingOptions withDurationPerSize(Duration d) {
        return new ForwardingOptions(topology, frameSizes, d, sla);
    }

    /** The same deployment with its guests' NICs attached {@code how} (PCI passthrough and SR-IOV: pvp only). */
    public ForwardingOptions withNics(NicAttachment how) {
        return new ForwardingOptions(topology.withAttachment(how), frameSizes, durationPerSize, sla);
    }

    public ForwardingOptions withSla(ForwardingSla bounds) {
        return new ForwardingOptions(topology, frameSizes, durationPerSize, bounds);
    }
}
