package io.kvm4nfv.lab;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.NodeRole;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.HostKeyRefusedException;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.node.SshNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real pod over SSH: one reused connection per host and jump node, opened eagerly so
 * that an unreachable pod is known at once ({@link LabUnavailableException}). Guests are
 * launched by the pod's own host scripts and reached as configured (often through a host
 * port forward); this lab only connects to them.
 */
public final class SshLab implements Lab {

    private final PodConfig pod;
    private final Map<String, SshNode> nodes = new LinkedHashMap<>();
    private final Map<String, SshGuest> guests = new LinkedHashMap<>();

    private SshLab(PodConfig pod) {
        this.pod = pod;
    }

    /** Connects to every host (and the jump host) of the pod. */
    public static SshLab open(PodConfig pod) {
        SshLab lab = new SshLab(pod);
        try {
            for (NodeConfig node : pod.nodes()) {
                if (node.role() != NodeRole.GUEST) {
                    lab.nodes.put(node.name(), new SshNode(SshTargets.of(pod, node)).connect());
                }
            }
        } catch (HostKeyRefusedException e) {
            // not "unavailable" (which skips the tests): a refused host key must fail them
            lab.close();
            throw e;
        } catch (NodeException e) {
            lab.close();
            throw new LabUnavailableException("pod " + pod.name() + " is not reachable: " + e.getMessage(), e);
        }
        return lab;
    }

    @Override
    public PodConfig pod() {
        return pod;
    }

    @Override
    public Node node(String name) {
        SshNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("pod " + pod.name() + " has no host or jump node '" + name
                    + "'; nodes: " + nodes.keySet());
        }
        return node;
    }

    @Override
    public List<Node> hosts() {
        List<Node> hosts = new ArrayList<>();
        pod.hosts().forEach(h -> hosts.add(nodes.get(h.name())));
        return hosts;
    }

    @Override
    public synchronized Guest guest(String name) {
        SshGuest existing = guests.get(name);
        if (existing != null) {
            return existing;
        }
        NodeConfig config = pod.node(name);
        if (config.role() != NodeRole.GUEST) {
            throw new IllegalArgumentException("node '" + name + "' of pod " + pod.name() + " is not a guest");
        }
        Duration limit = pod.timeouts().reboot();
        SshNode[] connected = new SshNode[1];
        try {
            await("guest " + name + " of pod " + pod.name() + " to answer over SSH")
                    .atMost(limit.toMillis(), TimeUnit.MILLISECONDS).pollInterval(1, TimeUnit.SECONDS)
                    .ignoreExceptions()
                    .until(() -> {
                        connected[0] = new SshNode(SshTargets.of(pod, config)).connect();
                        return true;
                    });
        } catch (RuntimeException e) {
            throw new LabUnavailableException("guest " + name + " (" + config.endpoint() + ") did not answer within "
                    + limit.toSeconds() + " s: was it launched by the host setup (host-run-qemu.sh)?", e);
        }
        SshGuest guest = new SshGuest(name, config.host(), connected[0]);
        guests.put(name, guest);
        return guest;
    }

    @Override
    public LabInfo info() {
        LabInfo info = new LabInfo(pod.name(), "ssh", Map.of());
        for (Map.Entry<String, SshNode> e : nodes.entrySet()) {
            info = info.with(e.getKey() + ".kernel", LabFacts.kernel(e.getValue()));
        }
        for (Node host : hosts()) {
            info = info.with(host.name() + ".qemu", LabFacts.qemuVersion(host));
        }
        return info;
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> all = new ArrayList<>(guests.values());
        all.addAll(nodes.values());
        java.util.Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a connection never fails the teardown of the others
            }
        }
        guests.clear();
        nodes.clear();
    }

    private record SshGuest(String name, String hostName, SshNode node) implements Guest {
        @Override
        public Optional<Path> qmpSocket() {
            return Optional.empty();
        }

        @Override
        public void close() {
            node.close();
        }
    }
}
