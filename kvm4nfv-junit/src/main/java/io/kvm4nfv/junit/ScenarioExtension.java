package io.kvm4nfv.junit;

import io.kvm4nfv.config.InvalidScenarioException;
import io.kvm4nfv.config.NodeConfig;
import io.kvm4nfv.config.NodeRole;
import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.publish.AllureJournal;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The extension behind {@link Scenario}. Registered first in {@link Kvm4nfvTest}: it validates the
 * name in {@code beforeEach} and, before anything is measured, checks that every node of the pod
 * (hosts, jump host, guests) answers with its boot id and uptime — a node that does not fails the
 * test before the measurement, naming it. The scenario labels the report and is recorded
 * ({@code kvmfornfv_scenario}); every extension that records results reads it with
 * {@link #deployScenario(ExtensionContext)} for the {@code deploy_scenario} tag.
 */
public final class ScenarioExtension implements BeforeEachCallback, BeforeTestExecutionCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScenarioExtension.class);
    private static final String NONE = "<no scenario>";

    /**
     * The test's scenario (method annotation first, then class), parsed and cached in the test's
     * store: what publishers put in {@code deploy_scenario}.
     *
     * @throws ExtensionConfigurationException naming {@code @Scenario(value)} and the field in error
     */
    static Optional<io.kvm4nfv.config.DeployScenario> scenario(ExtensionContext context) {
        Object cached = context.getStore(NAMESPACE).getOrComputeIfAbsent(io.kvm4nfv.config.DeployScenario.class, k ->
                TestContexts.annotation(context, Scenario.class).<Object>map(ScenarioExtension::parse).orElse(NONE));
        return cached instanceof io.kvm4nfv.config.DeployScenario s ? Optional.of(s) : Optional.empty();
    }

    /** The {@code deploy_scenario} tag value of the test's results, when it has a {@link Scenario}. */
    static Optional<String> deployScenario(ExtensionContext context) {
        return scenario(context).map(io.kvm4nfv.config.DeployScenario::deployScenarioTag);
    }

    static io.kvm4nfv.config.DeployScenario parse(Scenario annotation) {
        try {
            return io.kvm4nfv.config.DeployScenario.parse(annotation.value());
        } catch (InvalidScenarioException e) {
            throw new ExtensionConfigurationException("@Scenario(value = \"" + annotation.value() + "\"): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        scenario(context);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<io.kvm4nfv.config.DeployScenario> scenario = scenario(context);
        if (scenario.isEmpty()) {
            return;
        }
        String name = scenario.get().name();
        AllureJournal journal = TestContexts.journal();
        journal.label("scenario", name);
        journal.label("tag", name);
        journal.parameter("deploy_scenario", name);
        context.publishReportEntry("deploy_scenario", name);
        TestPlan plan = TestContexts.plan(context);
        Lab lab = LabStore.environment(context, journal).lab();
        ScenarioCheck check = journal.step("scenario " + name + ": every node of pod " + plan.pod().name()
                + " is up", () -> check(name, lab, plan.pod(), plan.pod().timeouts().command()));
        String table = check.nodes().stream().map(NodeUptime::describe).collect(Collectors.joining("\n"));
        journal.attachText("scenario " + name + " nodes", table);
        ResultRecording.recordUnjudged(context, "scenario", "kvmfornfv_scenario", check, name + ": " + (check.nodes().size()
                - check.down().size()) + " of " + check.nodes().size() + " nodes up");
        if (!check.down().isEmpty()) {
            throw new AssertionFailedError("scenario " + name + " on pod " + plan.pod().name() + ": "
                    + check.down().size() + " of " + check.nodes().size() + " nodes not up:\n"
                    + check.down().stream().map(n -> "  - " + n.describe()).collect(Collectors.joining("\n")));
        }
    }

    /** Boot id and uptime of every node of the pod: hosts and jump host by name, guests through the lab. */
    static ScenarioCheck check(String scenario, Lab lab, PodConfig pod, Duration timeout) {
        List<NodeUptime> nodes = new ArrayList<>();
        for (NodeConfig config : pod.nodes()) {
            String role = config.role().name().toLowerCase(java.util.Locale.ROOT);
            Supplier<Node> node = config.role() == NodeRole.GUEST ? () -> lab.guest(config.name()).node()
                    : () -> lab.node(config.name());
            nodes.add(uptime(config.name(), role, node, timeout));
        }
        return new ScenarioCheck(scenario, pod.name(), nodes);
    }

    static NodeUptime uptime(String name, String role, Supplier<Node> connect, Duration timeout) {
        try {
            ExecResult r = connect.get().exec("cat /proc/sys/kernel/random/boot_id /proc/uptime", timeout);
            List<String> lines = r.stdoutText().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (!r.succeeded() || lines.size() < 2) {
                return NodeUptime.notUp(name, role, "boot id and uptime unreadable: " + r.outcome());
            }
            double uptime = Double.parseDouble(lines.get(1).split("\\s+")[0]);
            return NodeUptime.up(name, role, lines.get(0), uptime);
        } catch (RuntimeException e) {
            return NodeUptime.notUp(name, role, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == io.kvm4nfv.config.DeployScenario.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return scenario(context).orElseThrow(() -> new ParameterResolutionException("a Scenario parameter needs"
                + " @Scenario on " + context.getRequiredTestMethod().getName() + " or its class"));
    }
}
