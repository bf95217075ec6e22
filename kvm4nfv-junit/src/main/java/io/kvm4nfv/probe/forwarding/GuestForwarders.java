package io.kvm4nfv.probe.forwarding;

import java.util.Map;
import java.util.Optional;

/**
 * The seam between the library's own forwarding path and the guests on it (pvp, pvvp,
 * pvpv). The lab owns the namespaces, the switch and its flows; the implementation owns
 * the guests and creates, for every guest port, the switch-side link inside the switch
 * namespace. {@link QemuGuestForwarders} runs real QEMU VMs whose tap-backed virtio-net NICs
 * become those links and which bridge their NIC pairs inside; {@link NamespaceGuestForwarders}
 * is a stand-in without QEMU: each "guest" is a network namespace that bridges its NIC pairs.
 */
public interface GuestForwarders {

    /**
     * Creates, for every guest port of {@code topology}, the switch-side link named
     * {@code linkNames.get(port)} inside the lab's {@linkplain NetnsForwardingLab#switchNamespace()
     * switch namespace}, starts the guests, and makes each forward between the NICs of each of its
     * {@link NicPair}s. Returns once frames can flow. Names created by the implementation must
     * start with the lab's {@linkplain NetnsForwardingLab#prefix() prefix} (or live inside a
     * namespace that does), and every process it starts must be in the lab's
     * {@linkplain NetnsForwardingLab#records() records}, so that the lab's cleanup — also a sweep
     * after a crash — finds exactly them.
     *
     * @param lab       the lab being built, with its namespaces, records and registry
     * @param topology  the deployment whose guests to start
     * @param linkNames the switch-side link name of every guest port
     * @return what stops the guests; the lab closes it before it removes its namespaces
     */
    Attachment attach(NetnsForwardingLab lab, Topology topology, Map<Port, String> linkNames);

    /** Running guests: closing stops them. */
    interface Attachment extends AutoCloseable {

        /**
         * Why the guests can no longer forward (e.g. a QEMU exited), or empty while they can.
         *
         * @return the problem, or empty (always, by default)
         */
        default Optional<String> problem() {
            return Optional.empty();
        }
    }
}
