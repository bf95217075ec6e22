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

    public ScenarioCheck {
        nodes = List.copyOf(nodes);
    }

    /** The nodes that are not up. */
    public List<NodeUptime> down() {
        return nodes.stream().filter(n -> !n.up()).toList();
    }
}
