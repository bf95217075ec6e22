package io.kvm4nfv.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OPNFV deployment scenario the test runs in, e.g. {@code os-nosdn-kvm_ovs_dpdk-noha}. The
 * name is validated ({@link io.kvm4nfv.config.DeployScenario#parse}; a bad one is an
 * {@code ExtensionConfigurationException} naming the attribute and the field in error). Before
 * the measurement every node of the pod is checked to be reachable and up (boot id and uptime
 * read over its connection); the report is labelled with the scenario, and the scenario is the
 * {@code deploy_scenario} of the test's published results. It can be injected as an
 * {@link io.kvm4nfv.config.DeployScenario} parameter. On a method it replaces one on the class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Scenario {

    /**
     * The scenario name: {@code os-[controller]-[feature]-[mode]-[option]}.
     *
     * @return the OPNFV deployment scenario name
     */
    String value();
}
