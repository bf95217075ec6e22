package io.kvm4nfv.lab;

import io.kvm4nfv.node.Node;

import java.nio.file.Path;
import java.util.Optional;

/** A guest VM of a lab, reachable over SSH. Closing stops it if the lab started it. */
public interface Guest extends AutoCloseable {

    /** The guest's node name in the pod. */
    String name();

    /** The name of the host node it runs on. */
    String hostName();

    /** Commands in the guest. */
    Node node();

    /** The QMP socket of the guest's QEMU, when the lab can reach it directly. */
    Optional<Path> qmpSocket();

    @Override
    void close();
}
