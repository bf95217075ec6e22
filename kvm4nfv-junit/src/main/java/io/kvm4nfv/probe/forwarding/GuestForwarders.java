package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.Node;

import java.util.Map;

/**
 * The seam between the embedded lab's forwarding path and the guests on it (pvp, pvvp,
 * pvpv). The lab owns the namespaces, the switch and its flows; the implementation owns
 * the guests and creates, for every guest port, the switch-side link inside the switch
 * namespace. {@link QemuGuestForwarders} runs real QEMU VMs whose tap-backed virtio-net NICs
 * become those links and which bridge their NIC pairs inside; {@link NamespaceGuestForwarders}
 * is a stand-in without QEMU: each "guest" is a network namespace that bridges its NIC pairs.
 */
public interface GuestForwarders {

    /**
     * Creates, for every guest port of {@code topology}, the switch-side link named
     * {@code linkNames.get(port)} inside {@code switchNamespace}, starts the guests, and makes
     * each forward between the NICs of each of its {@link NicPair}s. Returns once frames can
     * flow. Names created by the implementation must start with {@code prefix} (or live inside
     * a namespace that does) so that the lab's cleanup finds them after a crash.
     *
     * @return what stops the guests; the lab closes it before it removes its namespaces
     */
    AutoCloseable attach(Node node, Topology topology, String prefix, String switchNamespace,
                         Map<Port, String> linkNames);
}
