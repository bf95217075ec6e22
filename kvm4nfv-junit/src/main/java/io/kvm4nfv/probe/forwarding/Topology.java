package io.kvm4nfv.probe.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The forwarding path of a test: deployment, guests and their NICs, how the vSwitch
 * connects them, and the path(s) frames take from {@code phy1} to {@code phy2}. Built
 * with VSPERF's rules ({@code VswitchControllerPXP}):
 * <ul>
 *   <li>{@code GUEST_NICS_NR} lists the NIC count per VM; a shorter list is filled with its
 *       first value (VSPERF's expansion of {@code GUEST_} options), a longer one is cut to the
 *       VM count; the default is {@code [2]}. Each count must be 1 or even (VSPERF silently
 *       rounds an odd count down; here it is an error, so that a typo does not change the test).</li>
 *   <li>serial: phy1 → first NIC of VM1; inside a VM, the NIC pairs are chained
 *       (nic2 → nic3, nic4 → nic5 …); the last NIC of a VM → first NIC of the next VM;
 *       last NIC of the last VM → phy2. Example {@code pvvp} with {@code [2, 4]}:
 *       PHY1 → VM1_1 → VM1_2 → VM2_1 → VM2_2 → VM2_3 → VM2_4 → PHY2.</li>
 *   <li>parallel: every NIC pair of every VM gets its own traffic stream: phy1 → pair in
 *       (matching the stream), pair out → phy2; a VM with one NIC uses it both ways.</li>
 *   <li>PCI passthrough and SR-IOV: only {@code pvp} with 2 NICs; the physical ports are the
 *       guest's NICs and no vSwitch flow exists.</li>
 * </ul>
 *
 * @param deployment the parsed deployment
 * @param attachment vSwitch or PCI passthrough
 * @param guests     one entry per VM, VM1 first
 */
public record Topology(Deployment deployment, NicAttachment attachment, List<GuestNics> guests) {

    /** VSPERF's default {@code GUEST_NICS_NR}. */
    public static final List<Integer> DEFAULT_GUEST_NICS_NR = List.of(2);

    /**
     * Checks that the guests match the deployment and the attachment.
     *
     * @param deployment the parsed deployment
     * @param attachment vSwitch or PCI passthrough
     * @param guests     one entry per VM, VM1 first; copied
     * @throws InvalidDeploymentException when the guest count differs from the deployment's VM count, or
     *                                    passthrough is asked for anything but pvp with 2 NICs
     * @throws IllegalArgumentException   when the guests are not listed VM1, VM2, ... in order
     */
    public Topology {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(attachment, "attachment");
        guests = List.copyOf(guests);
        if (guests.size() != deployment.vmCount()) {
            throw new InvalidDeploymentException(deployment + " runs " + deployment.vmCount() + " VMs, but "
                    + guests.size() + " are described");
        }
        for (int i = 0; i < guests.size(); i++) {
            if (guests.get(i).vm() != i + 1) {
                throw new IllegalArgumentException("guests must be listed VM1 first: position " + i + " holds VM "
                        + guests.get(i).vm());
            }
        }
        if (!attachment.usesVswitch()
                && (deployment.kind() != DeploymentKind.SERIAL || deployment.vmCount() != 1
                || guests.get(0).nicCount() != 2)) {
            throw new InvalidDeploymentException(attachment + " (PCI passthrough) runs the pvp deployment with one VM of 2 NICs"
                    + " (VSPERF --vswitch none --vnf QemuPciPassthrough), not " + deployment + " with GUEST_NICS_NR "
                    + guests.stream().map(GuestNics::nicCount).toList());
        }
    }

    /**
     * The deployment with VSPERF's default of 2 NICs per VM, through the vSwitch.
     *
     * @param deployment the deployment name, e.g. {@code pvp}, {@code pvvp3}
     * @return the topology
     * @throws InvalidDeploymentException when the name is not one of {@link Deployment#VALID_FORMS}
     */
    public static Topology parse(String deployment) {
        return of(Deployment.parse(deployment), DEFAULT_GUEST_NICS_NR, NicAttachment.VSWITCH);
    }

    /**
     * The deployment with the given {@code GUEST_NICS_NR}, through the vSwitch.
     *
     * @param deployment  the deployment name, e.g. {@code pvp}, {@code pvvp3}
     * @param guestNicsNr NIC count per VM, expanded like VSPERF; {@code null} or empty for {@code [2]}
     * @return the topology
     * @throws InvalidDeploymentException for an unknown deployment name or a NIC count that is not 1 or even
     */
    public static Topology parse(String deployment, List<Integer> guestNicsNr) {
        return of(Deployment.parse(deployment), guestNicsNr, NicAttachment.VSWITCH);
    }

    /**
     * Builds the topology, expanding {@code guestNicsNr} like VSPERF (see the class comment).
     *
     * @param deployment  the parsed deployment
     * @param guestNicsNr NIC count per VM; {@code null} or empty for {@code [2]}
     * @param attachment  how the guests' NICs are attached
     * @return the topology
     * @throws InvalidDeploymentException for a NIC count that is not 1 or even, or passthrough on anything but pvp
     */
    public static Topology of(Deployment deployment, List<Integer> guestNicsNr, NicAttachment attachment) {
        List<Integer> nics = guestNicsNr == null || guestNicsNr.isEmpty() ? DEFAULT_GUEST_NICS_NR : guestNicsNr;
        List<GuestNics> guests = new ArrayList<>();
        for (int vm = 1; vm <= deployment.vmCount(); vm++) {
            Integer count = vm <= nics.size() ? nics.get(vm - 1) : nics.get(0);
            if (count == null) {
                throw new InvalidDeploymentException("GUEST_NICS_NR has no value for VM " + vm + ": " + nics);
            }
            guests.add(new GuestNics(vm, count));
        }
        return new Topology(deployment, attachment, guests);
    }

    /**
     * The NIC counts per VM after expansion, as VSPERF's {@code GUEST_NICS_NR} would hold them.
     *
     * @return one count per VM, VM1 first; empty for phy2phy
     */
    public List<Integer> guestNicsNr() {
        return guests.stream().map(GuestNics::nicCount).toList();
    }

    /**
     * Fails unless every guest has NIC pairs to forward between: guests that bridge their NICs
     * cannot send a frame back out of a single one.
     *
     * @param guests what needs the pairs, for the message (e.g. {@code "namespace guests need NIC pairs"})
     * @throws IllegalArgumentException naming the first guest with a single NIC
     */
    public void requireNicPairs(String guests) {
        for (GuestNics g : this.guests) {
            if (g.nicCount() == 1) {
                throw new IllegalArgumentException(guests + "; VM " + g.vm() + " has a single NIC (GUEST_NICS_NR "
                        + guestNicsNr() + ")");
            }
        }
    }

    /**
     * The two physical ports facing the traffic generator.
     *
     * @return {@code phy1} and {@code phy2}
     */
    public List<Port> physicalPorts() {
        return List.of(Port.phy(1), Port.phy(2));
    }

    /**
     * Every guest NIC pair, VM1 first; empty for phy2phy.
     *
     * @return the pairs of all guests, in VM and NIC order
     */
    public List<NicPair> nicPairs() {
        return guests.stream().flatMap(g -> g.pairs().stream()).toList();
    }

    /**
     * Number of traffic streams: one per NIC pair for parallel deployments, else 1.
     *
     * @return how many streams the generator sends, at least 1
     */
    public int streams() {
        return deployment.kind() == DeploymentKind.PARALLEL ? nicPairs().size() : 1;
    }

    /**
     * Whether frames cross the host's vSwitch (false for PCI passthrough and SR-IOV).
     *
     * @return {@code true} when the attachment goes through the vSwitch
     */
    public boolean usesVswitch() {
        return attachment.usesVswitch();
    }

    /**
     * The same deployment and NICs, attached another way (e.g. {@link NicAttachment#SRIOV}).
     *
     * @param how the attachment to use instead
     * @return a copy with {@code attachment} replaced
     * @throws InvalidDeploymentException when {@code how} bypasses the vSwitch and this is not pvp with 2 NICs
     */
    public Topology withAttachment(NicAttachment how) {
        return new Topology(deployment, how, guests);
    }

    /**
     * The flows of the direction phy1 → phy2, in the order VSPERF inserts them. Empty for
     * PCI passthrough (no vSwitch).
     *
     * @return the vSwitch flows, immutable
     */
    public List<SwitchFlow> flows() {
        if (!usesVswitch()) {
            return List.of();
        }
        List<SwitchFlow> flows = new ArrayList<>();
        switch (deployment.kind()) {
            case PHY2PHY -> flows.add(new SwitchFlow(Port.phy(1), Port.phy(2), -1));
            case SERIAL -> {
                GuestNics first = guests.get(0);
                GuestNics last = guests.get(guests.size() - 1);
                flows.add(new SwitchFlow(Port.phy(1), Port.guest(first.vm(), 1), -1));
                flows.add(new SwitchFlow(Port.guest(last.vm(), last.nicCount()), Port.phy(2), -1));
                for (int i = 0; i < guests.size(); i++) {
                    GuestNics g = guests.get(i);
                    for (int nic = 2; nic < g.nicCount(); nic += 2) {
                        flows.add(new SwitchFlow(Port.guest(g.vm(), nic), Port.guest(g.vm(), nic + 1), -1));
                    }
                    if (i + 1 < guests.size()) {
                        flows.add(new SwitchFlow(Port.guest(g.vm(), g.nicCount()), Port.guest(g.vm() + 1, 1), -1));
                    }
                }
            }
            case PARALLEL -> {
                int stream = 0;
                for (NicPair pair : nicPairs()) {
                    flows.add(new SwitchFlow(Port.phy(1), pair.in(), stream));
                    flows.add(new SwitchFlow(pair.out(), Port.phy(2), -1));
                    stream++;
                }
            }
        }
        return List.copyOf(flows);
    }

    /**
     * The flows of the direction phy2 → phy1 (bidirectional traffic). Serial: every forward
     * flow turned around. Parallel (as VSPERF): phy2 → pair out matching the stream, pair in → phy1.
     *
     * @return the vSwitch flows, immutable
     */
    public List<SwitchFlow> reverseFlows() {
        if (deployment.kind() != DeploymentKind.PARALLEL) {
            return flows().stream().map(SwitchFlow::reversed).toList();
        }
        List<SwitchFlow> flows = new ArrayList<>();
        int stream = 0;
        for (NicPair pair : nicPairs()) {
            flows.add(new SwitchFlow(Port.phy(2), pair.out(), stream));
            flows.add(new SwitchFlow(pair.in(), Port.phy(1), -1));
            stream++;
        }
        return List.copyOf(flows);
    }

    /**
     * The path(s) a frame takes from phy1 to phy2: one for phy2phy and serial deployments,
     * one per stream for parallel ones. Consecutive ports inside one VM are the VM's forwarding.
     *
     * @return each path as its ports from {@code phy1} to {@code phy2}
     */
    public List<List<Port>> paths() {
        List<List<Port>> paths = new ArrayList<>();
        if (deployment.kind() == DeploymentKind.PARALLEL) {
            for (NicPair pair : nicPairs()) {
                paths.add(pair.in().equals(pair.out()) ? List.of(Port.phy(1), pair.in(), Port.phy(2))
                        : List.of(Port.phy(1), pair.in(), pair.out(), Port.phy(2)));
            }
            return List.copyOf(paths);
        }
        List<Port> path = new ArrayList<>();
        path.add(Port.phy(1));
        for (GuestNics g : guests) {
            path.addAll(g.ports());
        }
        path.add(Port.phy(2));
        return List.of(List.copyOf(path));
    }

    /**
     * {@code PHY1 -> VM1_1 -> VM1_2 -> PHY2}, VSPERF's notation; parallel paths joined with {@code " | "}.
     *
     * @return the paths as one line of text, for messages and reports
     */
    public String describePaths() {
        return String.join(" | ", paths().stream().map(p -> String.join(" -> ", p.stream()
                .map(port -> port.physical() ? "PHY" + port.nic() : "VM" + port.vm() + "_" + port.nic())
                .toList())).toList());
    }
}
