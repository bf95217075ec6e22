package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for guest VMs on the embedded lab's path, without QEMU: each "guest" is a
 * network namespace {@code PREFIXvmN} whose NICs are veth ends ({@code nic1}, {@code nic2}, …)
 * and which forwards between the two NICs of each {@link NicPair} with a Linux bridge — the
 * kernel doing what testpmd or l2fwd does in a real guest. It exercises the same switch flows
 * as pvp/pvvp with real VMs (phy1 → vm1.nic1, vm1.nic2 → vm2.nic1, …), but it measures no
 * virtualisation cost: results carry the test type of the switch, and the guests are not VMs.
 * Single-NIC guests (loopback on one NIC) are not supported: a bridge does not send a frame
 * back out of the port it came from.
 */
public final class NamespaceGuestForwarders implements GuestForwarders {

    private final Duration timeout;

    /**
     * Guests whose setup and teardown commands each take at most {@code commandTimeout}.
     *
     * @param commandTimeout upper bound of each command run on the lab's node
     */
    public NamespaceGuestForwarders(Duration commandTimeout) {
        this.timeout = commandTimeout;
    }

    @Override
    public Attachment attach(NetnsForwardingLab lab, Topology topology, Map<Port, String> linkNames) {
        Node node = lab.node();
        String prefix = lab.prefix();
        String switchNamespace = lab.switchNamespace();
        topology.requireNicPairs("namespace guests need NIC pairs");
        List<String> namespaces = new ArrayList<>();
        Attachment stop = () -> {
            for (String ns : namespaces) {
                node.exec("ip netns del " + ns + " 2>/dev/null; true", timeout);
            }
        };
        try {
            for (GuestNics g : topology.guests()) {
                String ns = prefix + "vm" + g.vm();
                StringBuilder sb = new StringBuilder("ip netns add " + ns + " && ip -n " + ns + " link set lo up");
                namespaces.add(ns);
                for (Port port : g.ports()) {
                    String link = linkNames.get(port);
                    if (link == null) {
                        throw new IllegalArgumentException("no switch link name for " + port);
                    }
                    sb.append(" && ip link add ").append(link).append(" netns ").append(switchNamespace)
                            .append(" type veth peer name nic").append(port.nic()).append(" netns ").append(ns)
                            .append(" && ip -n ").append(switchNamespace).append(" link set ").append(link).append(" up")
                            .append(" && ip -n ").append(ns).append(" link set nic").append(port.nic()).append(" up");
                }
                int i = 0;
                for (NicPair pair : g.pairs()) {
                    String br = "fwd" + i++;
                    sb.append(" && ip -n ").append(ns).append(" link add ").append(br).append(" type bridge")
                            .append(" && ip -n ").append(ns).append(" link set nic").append(pair.in().nic())
                            .append(" master ").append(br)
                            .append(" && ip -n ").append(ns).append(" link set nic").append(pair.out().nic())
                            .append(" master ").append(br)
                            .append(" && ip -n ").append(ns).append(" link set ").append(br).append(" up");
                }
                ExecResult r = node.exec(sb.toString(), timeout);
                if (!r.succeeded()) {
                    throw new ForwardingFailedException("[" + node.name() + "] namespace guest " + ns + ": " + r.outcome()
                            + " " + r.stderrText());
                }
            }
            return stop;
        } catch (RuntimeException e) {
            try {
                stop.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
