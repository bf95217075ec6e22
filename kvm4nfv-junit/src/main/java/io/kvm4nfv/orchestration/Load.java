package io.kvm4nfv.orchestration;

import io.kvm4nfv.load.StressOptions;
import io.kvm4nfv.node.Node;

import java.util.Objects;

/**
 * A stress load kept running on a node for the whole of a measurement.
 *
 * @param node    where stress-ng runs (a host or a guest)
 * @param options what it stresses, on which CPUs, for how long at most
 */
public record Load(Node node, StressOptions options) {

    /**
     * Checks that both components are present.
     *
     * @param node where stress-ng runs
     * @param options what it stresses, on which CPUs, for how long at most
     * @throws NullPointerException if a component is {@code null}
     */
    public Load {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
    }

    /** The report's step title, e.g. {@code start stress-ng CPU on host (CPUs 1)}. */
    String title() {
        return "start stress-ng " + options.type() + " on " + node.name()
                + (options.cpus() == null ? "" : " (CPUs " + options.cpus() + ")");
    }
}
