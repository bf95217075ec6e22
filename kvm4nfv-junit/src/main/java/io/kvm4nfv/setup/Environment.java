package io.kvm4nfv.setup;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A provisioned environment: the host setup sequence run on the guest's host, the guest
 * up, and the guest setup sequence run in it. Environments with the same sequences are
 * meant to be shared; closing one stops the guest the lab started for it.
 */
public final class Environment implements AutoCloseable {

    private final Lab lab;
    private final Node host;
    private final Guest guest;
    private final List<StepResult> steps;

    private Environment(Lab lab, Node host, Guest guest, List<StepResult> steps) {
        this.lab = lab;
        this.host = host;
        this.guest = guest;
        this.steps = List.copyOf(steps);
    }

    /**
     * Provisions: host sequence on the guest's host (or on every host when no guest is
     * wanted), then the guest, then the guest sequence inside it.
     *
     * @param lab         the lab whose pod and nodes are used
     * @param hostSetup   the sequence run on the host(s)
     * @param guestSetup  the sequence run in the guest; must be empty when there is no guest
     * @param guestName   the guest to use, or {@code null} when the environment needs no guest
     * @param hostRunner  runs {@code hostSetup}
     * @param guestRunner runs {@code guestSetup}
     * @return the provisioned environment; close it to stop the guest
     * @throws SetupFailedException at the first failing step
     * @throws IllegalArgumentException when a guest setup is given but no guest (checked after the host setup ran)
     * @throws io.kvm4nfv.config.PodConfigException when the pod has no node {@code guestName}
     */
    public static Environment provision(Lab lab, SetupSequence hostSetup, SetupSequence guestSetup, String guestName,
                                        SetupRunner hostRunner, SetupRunner guestRunner) {
        PodConfig pod = lab.pod();
        Optional<NodeConfig> guestConfig = guestName == null ? Optional.empty() : Optional.of(pod.node(guestName));
        List<StepResult> steps = new ArrayList<>();
        Node host;
        if (guestConfig.isPresent()) {
            host = lab.node(guestConfig.get().host());
            steps.addAll(hostRunner.run(host, hostSetup));
        } else {
            host = lab.hosts().get(0);
            for (Node h : lab.hosts()) {
                steps.addAll(hostRunner.run(h, hostSetup));
            }
        }
        Guest guest = null;
        if (guestConfig.isPresent()) {
            guest = lab.guest(guestConfig.get().name());
            try {
                steps.addAll(guestRunner.run(guest.node(), guestSetup));
            } catch (RuntimeException e) {
                guest.close();
                throw e;
            }
        } else if (!guestSetup.isEmpty()) {
            throw new IllegalArgumentException("a guest setup is given but pod " + pod.name() + " has no guest");
        }
        return new Environment(lab, host, guest, steps);
    }

    /**
     * The lab this environment was provisioned in.
     *
     * @return the lab
     */
    public Lab lab() {
        return lab;
    }

    /**
     * The host node the guest runs on (the first host when there is no guest).
     *
     * @return the host node
     */
    public Node host() {
        return host;
    }

    /**
     * The guest, if the environment has one.
     *
     * @return the guest, or empty when the environment was provisioned without one
     */
    public Optional<Guest> guest() {
        return Optional.ofNullable(guest);
    }

    /**
     * Every setup step that ran, in order.
     *
     * @return the steps of the host sequence(s), then of the guest sequence; unmodifiable
     */
    public List<StepResult> steps() {
        return steps;
    }

    @Override
    public void close() {
        if (guest != null) {
            guest.close();
        }
    }
}
