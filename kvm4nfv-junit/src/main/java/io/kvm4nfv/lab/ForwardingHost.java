package io.kvm4nfv.lab;

import io.kvm4nfv.node.Node;

import java.util.function.Consumer;

/**
 * A host of a lab as the library's own forwarding path (namespaces, OVS, QEMU guests) sees it:
 * the node it runs its commands on, the registry of what it creates there, the process whose
 * death makes its leftovers stale, and the forwarding VMs it starts there. Both kinds of lab
 * implement it ({@link Lab#forwardingHost}): the embedded lab with local QEMU processes and its
 * reaper, a real pod over the host's SSH connection (QEMU started detached on the host, booted
 * from the lab's guest image uploaded there; no reaper on a remote host).
 */
public interface ForwardingHost {

    /**
     * The host's connected node: every command of the path runs there, as root.
     *
     * @return the host's node
     */
    Node node();

    /**
     * Where the path registers what it is about to create on the host: the embedded lab's reaper,
     * or {@link LabResources#none()} on a remote host (the path's own cleanup and the next run's
     * sweep of dead runs are the only nets there).
     *
     * @return the registry for resources created on this host
     */
    LabResources resources();

    /**
     * A pid in the host's process table that lives exactly as long as this run uses the host:
     * the JVM on the embedded lab, the SSH connection's session process ({@code sshd}) on a
     * remote host. A path whose owner is gone is swept by the next run.
     *
     * @return the owner process's pid on the host
     */
    long ownerPid();

    /**
     * Starts a forwarding VM on the host and returns as soon as its QEMU runs. Every file it will
     * create is passed to {@code registerFirst} (with owner {@link ForwardingVmSpec#owner()}) before it exists.
     *
     * @param spec          name, RAM, NIC arguments, environment and owner of the VM
     * @param registerFirst receives every file the VM will create, before it is created
     * @return the running VM; wait for it with {@link ForwardingVm#awaitReady}
     * @throws GuestStartException when a local QEMU cannot be started
     * @throws io.kvm4nfv.node.NodeException when the commands that start QEMU on a remote host fail
     */
    ForwardingVm launch(ForwardingVmSpec spec, Consumer<LabResource> registerFirst);
}
