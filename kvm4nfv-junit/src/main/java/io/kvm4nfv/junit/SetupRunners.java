package io.kvm4nfv.junit;

import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.config.ScriptVariables;
import io.kvm4nfv.node.RebootOptions;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.setup.SetupRunner;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The setup runners of a test's host and guest sequences, with the variables every setup
 * script gets.
 */
final class SetupRunners {

    private static final Logger LOG = LoggerFactory.getLogger(Kvm4nfvExtension.class);

    private SetupRunners() {
    }

    static SetupRunner runner(TestPlan plan, String role, AllureJournal journal) {
        return runner(plan, role, journal, System.getProperties(), System.getenv());
    }

    /**
     * The setup runner of one role. Scripts get {@code KVM4NFV_POD}, {@code KVM4NFV_ROLE} and
     * the CPU sets of the node they tune: on a host, the host's {@code cpus}; in a guest, the
     * guest's (its {@code isolated}, else its {@code vcpu}: the CPUs it measures on). Extra
     * variables ({@code KVM4NFV_GUEST_IMAGE}, {@code KVM4NFV_HUGEPAGES_1G}, ...) come from
     * {@code kvm4nfv.setup.env.NAME} system properties, then {@code KVM4NFV_SETUP_ENV_NAME}
     * environment variables; they cannot replace the values the framework sets.
     */
    static SetupRunner runner(TestPlan plan, String role, AllureJournal journal, java.util.Properties properties,
                              Map<String, String> environment) {
        PodConfig pod = plan.pod();
        Map<String, String> env;
        try {
            env = new LinkedHashMap<>(ScriptVariables.of(properties, environment));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
        env.put("KVM4NFV_POD", pod.name());
        env.put("KVM4NFV_ROLE", role);
        NodeConfig node;
        if (plan.guestName() == null) {
            node = pod.hosts().get(0);
        } else if ("guest".equals(role)) {
            node = pod.node(plan.guestName());
        } else {
            node = pod.node(pod.node(plan.guestName()).host());
        }
        var cpus = node.cpus();
        var isolated = "guest".equals(role) && cpus.isolated().isEmpty() ? cpus.vcpu() : cpus.isolated();
        env.put("KVM4NFV_ISOLATED_CPUS", isolated.toString());
        env.put("KVM4NFV_VCPU_CPUS", cpus.vcpu().toString());
        env.put("KVM4NFV_STRESS_CPUS", cpus.stress().toString());
        RebootOptions reboot = new RebootOptions("reboot", pod.timeouts().reboot(), Duration.ofMillis(500));
        return new SetupRunner("/tmp/kvm4nfv-setup-" + pod.name() + "/" + role, pod.timeouts().command(), reboot,
                env, journal, LOG::info);
    }
}
