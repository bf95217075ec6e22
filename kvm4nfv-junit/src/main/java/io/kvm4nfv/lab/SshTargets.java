package io.kvm4nfv.lab;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.SshTarget;

import java.nio.file.Path;

/** Maps a pod's node config to the node layer's {@link SshTarget}, jump hosts included. */
final class SshTargets {

    private SshTargets() {
    }

    static SshTarget of(PodConfig pod, NodeConfig node) {
        if (!node.hasConnection()) {
            throw new LabUnavailableException("node " + node.name() + " of pod " + pod.name()
                    + " has no address/user/keyFile (" + pod.source() + ")");
        }
        SshTarget via = node.via() == null ? null : of(pod, pod.node(node.via()));
        HostKeyPolicy policy = HostKeyPolicy.valueOf(pod.hostKeys().policy().name());
        Path knownHosts = pod.hostKeys().knownHosts();
        if (knownHosts == null) {
            throw new LabUnavailableException("pod " + pod.name() + " has no known_hosts file for host key checks");
        }
        return new SshTarget(node.name(), node.address(), node.port(), node.user(), node.keyFile(), knownHosts,
                policy, via, pod.timeouts().connect(), null);
    }
}
