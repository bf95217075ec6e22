package io.kvm4nfv.junit;

import java.util.List;

/**
 * The result of checking a {@link Scenario}: the scenario name and every node of the pod.
 *
 * @param scenario the scenario name (the {@code deploy_scenario} of the test's results)
 * @param pod      the pod's name
 * @param nodes    one line per node of the pod
 */
public record ScenarioCheck(String scenario, String pod, List<NodeUptime> nodes) {

    /**
     * Copies the node list.
     *
     * @param scenario the scenario name (the {@code deploy_scenario} of the test's results)
     * @param pod the pod's name
     * @param nodes one entry per node of the pod; copied
     */
    public ScenarioCheck {
        nodes = List.copyOf(nodes);
    }

    /**
     * The nodes that are not up.
     *
     * @return the entries of the nodes that did not answer, in pod order; empty when all are up
     */
    public List<NodeUptime> down() {
        return nodes.stream().filter(n -> !n.up()).toList();
    }
}
