package io.kvm4nfv.lab;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.NodeRole;
import io.kvm4nfv.config.PodConfig;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Opens the lab of a pod: the embedded lab for {@code kind: embedded}, SSH otherwise. */
public final class Labs {

    private Labs() {
    }

    /**
     * Opens (and for the embedded lab: starts) the pod's lab.
     *
     * @param pod the pod's configuration
     * @return an {@link EmbeddedLab} for {@code kind: embedded}, else an {@link SshLab}; the caller closes it
     * @throws LabUnavailableException when it cannot be had here (the reason says what is missing)
     * @throws io.kvm4nfv.node.HostKeyRefusedException when a real pod's node presents a refused host key
     */
    public static Lab open(PodConfig pod) {
        return pod.embedded() ? EmbeddedLab.start(pod) : SshLab.open(pod);
    }

    /**
     * The pod's entry of guest {@code name}, for {@link Lab#guest}.
     *
     * @throws IllegalArgumentException when the pod's node {@code name} is not a guest
     */
    static NodeConfig guestConfig(PodConfig pod, String name) {
        NodeConfig config = pod.node(name);
        if (config.role() != NodeRole.GUEST) {
            throw new IllegalArgumentException("node '" + name + "' of pod " + pod.name() + " is not a guest");
        }
        return config;
    }

    /**
     * Closes what a lab started, in reverse order ({@code started} lists it first to last); a
     * failure is logged to {@code log} and the rest closed all the same.
     */
    static void closeInReverse(List<? extends AutoCloseable> started, Logger log) {
        List<AutoCloseable> all = new ArrayList<>(started);
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }
}
