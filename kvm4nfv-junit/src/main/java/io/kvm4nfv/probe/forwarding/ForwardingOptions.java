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

    /**
     * Checks the options and copies the frame sizes.
     *
     * @param topology        the deployment with its guests' NICs
     * @param frameSizes      Ethernet frame sizes in bytes, checked with {@link FrameSizes#validate}
     * @param durationPerSize traffic time per frame size, at least 1 s
     * @param sla             the bounds every frame size is judged by
     * @throws NullPointerException     when {@code topology}, {@code durationPerSize} or {@code sla} is {@code null}
     * @throws IllegalArgumentException for bad frame sizes or a duration under 1 s
     */
    public ForwardingOptions {
        Objects.requireNonNull(topology, "topology");
        frameSizes = FrameSizes.validate(frameSizes);
        Objects.requireNonNull(durationPerSize, "durationPerSize");
        if (durationPerSize.toMillis() < 1000) {
            throw new IllegalArgumentException("durationPerSize must be at least 1 s: " + durationPerSize);
        }
        Objects.requireNonNull(sla, "sla");
    }

    /**
     * KVM4NFV's frame sizes, 30 s each (VSPERF's default traffic duration), no bound.
     *
     * @param deployment the deployment name, e.g. {@code pvp} or {@code pvvp3}; 2 NICs per VM
     * @return the options of that deployment's throughput test
     * @throws InvalidDeploymentException when the deployment name is not one of {@link Deployment#VALID_FORMS}
     */
    public static ForwardingOptions of(String deployment) {
        return new ForwardingOptions(Topology.parse(deployment), FrameSizes.KVM4NFV, Duration.ofSeconds(30),
                ForwardingSla.none());
    }

    /**
     * The request the traffic generator runs: VSPERF's throughput test of the deployment.
     *
     * @return a unidirectional {@code <deployment>_tput} request with these frame sizes and duration
     */
    public ForwardingRequest request() {
        return ForwardingRequest.throughput(topology, frameSizes, durationPerSize);
    }

    /**
     * These options with other frame sizes.
     *
     * @param sizes Ethernet frame sizes in bytes, run in this order
     * @return a copy with {@code frameSizes} replaced
     * @throws IllegalArgumentException when {@code sizes} fails {@link FrameSizes#validate}
     */
    public ForwardingOptions withFrameSizes(List<Integer> sizes) {
        return new ForwardingOptions(topology, sizes, durationPerSize, sla);
    }

    /**
     * These options with another traffic time.
     *
     * @param d traffic time per frame size, at least 1 s
     * @return a copy with {@code durationPerSize} replaced
     * @throws IllegalArgumentException when {@code d} is under 1 s
     */
    public ForwardingOptions withDurationPerSize(Duration d) {
        return new ForwardingOptions(topology, frameSizes, d, sla);
    }

    /**
     * The same deployment with its guests' NICs attached {@code how} (PCI passthrough and SR-IOV: pvp only).
     *
     * @param how vSwitch, PCI passthrough or SR-IOV
     * @return a copy whose topology uses {@code how}
     * @throws InvalidDeploymentException when {@code how} bypasses the vSwitch and the deployment is not pvp with 2 NICs
     */
    public ForwardingOptions withNics(NicAttachment how) {
        return new ForwardingOptions(topology.withAttachment(how), frameSizes, durationPerSize, sla);
    }

    /**
     * These options judged by other bounds.
     *
     * @param bounds the SLA every frame size is judged by
     * @return a copy with {@code sla} replaced
     */
    public ForwardingOptions withSla(ForwardingSla bounds) {
        return new ForwardingOptions(topology, frameSizes, durationPerSize, bounds);
    }
}
