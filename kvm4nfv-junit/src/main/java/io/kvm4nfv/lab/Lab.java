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

    /** The pod as the lab sees it (for the embedded lab: with the runtime addresses filled in). */
    PodConfig pod();

    /** The connected node of a host or jump node of the pod. */
    Node node(String name);

    /** The connected host nodes, in pod order. */
    List<Node> hosts();

    /**
     * The guest named in the pod, running and reachable over SSH: the embedded lab boots
     * it; a real pod's guest is launched by the pod's host scripts (e.g.
     * {@code host-run-qemu.sh}) and this waits until it answers.
     */
    Guest guest(String name);

    /**
     * Where to register what a probe changes or creates on node {@code nodeName} before it does
     * so, so that it is undone even if this JVM is killed: the embedded lab's reaper for its hosts
     * (they are this machine); {@link LabResources#none()} where this JVM has no reaper (a real
     * pod's machines, a guest, which dies with its QEMU).
     */
    LabResources resources(String nodeName);

    /**
     * The host {@code host} (one of {@link #hosts()}) as the library's forwarding path uses it:
     * its registry, its owner process and the forwarding VMs started there.
     *
     * @throws IllegalArgumentException when {@code host} is not a host node of this lab
     */
    ForwardingHost forwardingHost(Node host);

    /** Facts about the lab for reports (pod, kernels, QEMU version, accelerator). Never secrets. */
    LabInfo info();

    @Override
    void close();
}
