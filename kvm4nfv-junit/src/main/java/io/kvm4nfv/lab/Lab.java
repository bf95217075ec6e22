package io.kvm4nfv.lab;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.node.Node;

import java.util.List;

/**
 * The machines of one pod, connected: its host (and jump) nodes, and the guests that run
 * on them. Two kinds: {@link SshLab} (a real pod over SSH) and {@link EmbeddedLab}
 * (everything on this machine). Open one with {@link Labs#open(PodConfig)}; closing it
 * stops everything it started, in reverse order.
 */
public interface Lab extends AutoCloseable {

    /**
     * The pod as the lab sees it (for the embedded lab: with the runtime addresses filled in).
     *
     * @return the pod's configuration
     */
    PodConfig pod();

    /**
     * The connected node of a host or jump node of the pod.
     *
     * @param name the node's name in the pod
     * @return the node, already connected
     * @throws IllegalArgumentException when the lab has no host or jump node of that name
     */
    Node node(String name);

    /**
     * The connected host nodes, in pod order.
     *
     * @return the host nodes (without jump nodes and guests)
     */
    List<Node> hosts();

    /**
     * The guest named in the pod, running and reachable over SSH: the embedded lab boots
     * it; a real pod's guest is launched by the pod's host scripts (e.g.
     * {@code host-run-qemu.sh}) and this waits until it answers.
     *
     * @param name the guest's node name in the pod
     * @return the running guest (the same one on later calls while it runs)
     * @throws IllegalArgumentException when the pod's node {@code name} is not a guest
     * @throws LabUnavailableException  when the guest does not come up
     * @throws LabProcessException      when a real pod's launch script for the guest fails
     */
    Guest guest(String name);

    /**
     * Where to register what a probe changes or creates on node {@code nodeName} before it does
     * so, so that it is undone even if this JVM is killed: the embedded lab's reaper for its hosts
     * (they are this machine); {@link LabResources#none()} where this JVM has no reaper (a real
     * pod's machines, a guest, which dies with its QEMU).
     *
     * @param nodeName the node's name in the pod
     * @return the registry for that node, or {@link LabResources#none()}
     */
    LabResources resources(String nodeName);

    /**
     * The host {@code host} (one of {@link #hosts()}) as the library's forwarding path uses it:
     * its registry, its owner process and the forwarding VMs started there.
     *
     * @param host one of {@link #hosts()}
     * @return the forwarding view of that host
     * @throws IllegalArgumentException when {@code host} is not a host node of this lab
     */
    ForwardingHost forwardingHost(Node host);

    /**
     * Facts about the lab for reports (pod, kernels, QEMU version, accelerator). Never secrets.
     *
     * @return the pod's name, the lab's kind and the facts read from its nodes now
     */
    LabInfo info();

    @Override
    void close();
}
