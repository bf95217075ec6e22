package io.kvm4nfv.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** A bad {@link Scenario} stops a {@link Kvm4nfvTest} before any lab is opened. */
class ScenarioExtensionTest {

    @Kvm4nfvTest
    @Scenario("os-nosdn-kvm_ovs_dpdk-sometimes")
    static class BadScenario {
        @org.junit.jupiter.api.Test
        void neverRuns() {
            throw new AssertionError("the body must not run");
        }
    }

    @Test
    void badScenarioIsAConfigurationErrorNamingAttributeAndField() {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BadScenario.class))
                .configurationParameter("junit.platform.execution.listeners.deactivate", "*")
                .configurationParameter("kvm4nfv.config.dir", System.getProperty("kvm4nfv.config.dir"))
                .execute().testEvents();
        events.assertThatEvents().haveExactly(1, event(test("neverRuns"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.startsWith("@Scenario(value = \"os-nosdn-kvm_ovs_dpdk-sometimes\")")
                                && m.contains("[mode]")))));
        assertThat(events.failed().count()).isEqualTo(1);
    }
}
