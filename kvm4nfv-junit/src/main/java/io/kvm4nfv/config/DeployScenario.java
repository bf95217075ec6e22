package io.kvm4nfv.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OPNFV deployment scenario name: {@code os-[controller]-[feature]-[mode]-[option]}, e.g.
 * {@code os-nosdn-kvm_ovs_dpdk-noha} (OpenStack, no SDN controller, the KVM4NFV hypervisor with
 * OVS-DPDK, no high availability). Within a field, {@code _} joins several values
 * ({@code kvm_ovs_dpdk_bar} = kvm, ovs, dpdk, barometer).
 *
 * @param name       the scenario name as given (also the {@code deploy_scenario} tag value)
 * @param platform   {@code os} (OpenStack) or {@code k8} (Kubernetes)
 * @param controller the SDN controller values, e.g. {@code [nosdn]}, {@code [odl, l2]}
 * @param features   the feature values, e.g. {@code [kvm, ovs, dpdk]}, {@code [nofeature]}
 * @param mode       {@code ha} or {@code noha}
 * @param options    the optional last field's values; empty when absent
 */
public record DeployScenario(String name, String platform, List<String> controller, List<String> features,
                             String mode, List<String> options) {

    /** Platforms of OPNFV scenario names. */
    public static final List<String> PLATFORMS = List.of("os", "k8");
    /** Deployment modes. */
    public static final List<String> MODES = List.of("ha", "noha");

    private static final Pattern VALUE = Pattern.compile("[a-z0-9]+");

    /**
     * Validates the name and checks that the fields are the ones it spells; {@link #parse(String)}
     * computes them from the name.
     *
     * @param name       the scenario name, e.g. {@code os-nosdn-kvm_ovs_dpdk-noha}; not {@code null}
     * @param platform   the platform field of {@code name}
     * @param controller the controller field's values; not {@code null}
     * @param features   the feature field's values; not {@code null}
     * @param mode       the mode field of {@code name}
     * @param options    the option field's values, or {@code null} when absent
     * @throws InvalidScenarioException when the name is invalid or the fields do not match it
     */
    public DeployScenario {
        Objects.requireNonNull(name, "name");
        controller = List.copyOf(controller);
        features = List.copyOf(features);
        options = List.copyOf(Objects.requireNonNullElse(options, List.of()));
        Object[] parsed = fields(name);
        if (!parsed[0].equals(platform) || !parsed[1].equals(controller) || !parsed[2].equals(features)
                || !parsed[3].equals(mode) || !parsed[4].equals(options)) {
            throw new InvalidScenarioException(name, "its fields do not match the name");
        }
    }

    /**
     * Parses and validates a scenario name.
     *
     * @param name the scenario name, e.g. {@code os-nosdn-kvm_ovs_dpdk-noha}
     * @return the scenario with its fields split out
     * @throws InvalidScenarioException naming the field in error
     */
    public static DeployScenario parse(String name) {
        Object[] f = fields(name);
        return new DeployScenario(name, (String) f[0], cast(f[1]), cast(f[2]), (String) f[3], cast(f[4]));
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object o) {
        return (List<String>) o;
    }

    /** platform, controller, features, mode, options of a valid name. */
    private static Object[] fields(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidScenarioException(String.valueOf(name), null, "is empty");
        }
        if (!name.equals(name.strip())) {
            throw new InvalidScenarioException(name, "has leading or trailing whitespace");
        }
        String[] fields = name.split("-", -1);
        if (fields.length < 4) {
            String missing = fields.length == 1 ? "controller" : fields.length == 2 ? "feature" : "mode";
            throw new InvalidScenarioException(name, missing, "is missing: a scenario has 4 or 5 '-'-separated fields,"
                    + " this one has " + fields.length);
        }
        if (fields.length > 5) {
            throw new InvalidScenarioException(name, "option", "is followed by " + (fields.length - 5)
                    + " more field(s): a scenario has at most 5 '-'-separated fields");
        }
        String platform = fields[0];
        if (!PLATFORMS.contains(platform)) {
            throw new InvalidScenarioException(name, "platform", "must be one of " + PLATFORMS + ", got '"
                    + platform + "'");
        }
        List<String> controller = values(name, "controller", fields[1]);
        List<String> features = values(name, "feature", fields[2]);
        String mode = fields[3];
        if (!MODES.contains(mode)) {
            throw new InvalidScenarioException(name, "mode", "must be 'ha' or 'noha', got '" + mode + "'");
        }
        List<String> options = fields.length == 5 ? values(name, "option", fields[4]) : List.of();
        return new Object[]{platform, controller, features, mode, options};
    }

    private static List<String> values(String name, String field, String text) {
        if (text.isEmpty()) {
            throw new InvalidScenarioException(name, field, "is empty");
        }
        List<String> values = new ArrayList<>(Arrays.asList(text.split("_", -1)));
        for (String v : values) {
            if (v.isEmpty()) {
                throw new InvalidScenarioException(name, field, "'" + text + "' has an empty value ('_' joins values:"
                        + " no leading, trailing or doubled '_')");
            }
            if (!VALUE.matcher(v).matches()) {
                throw new InvalidScenarioException(name, field, "value '" + v + "' may only contain lower-case"
                        + " letters and digits");
            }
        }
        return values;
    }

    /**
     * Whether the scenario is deployed with high availability.
     *
     * @return {@code true} when the mode is {@code ha}
     */
    public boolean highAvailability() {
        return mode.equals("ha");
    }

    /**
     * Whether the feature field contains {@code value}.
     *
     * @param value a feature value, e.g. {@code kvm}, {@code dpdk}
     * @return {@code true} when {@code value} is one of {@link #features()}
     */
    public boolean hasFeature(String value) {
        return features.contains(value);
    }

    /**
     * Whether the scenario runs the KVM4NFV hypervisor.
     *
     * @return {@code true} when the features include {@code kvm}
     */
    public boolean kvm4nfv() {
        return hasFeature("kvm");
    }

    /**
     * The controller field as written.
     *
     * @return the controller values joined by {@code _}, e.g. {@code nosdn}, {@code odl_l2}
     */
    public String controllerField() {
        return String.join("_", controller);
    }

    /**
     * The feature field as written.
     *
     * @return the feature values joined by {@code _}, e.g. {@code kvm_ovs_dpdk}
     */
    public String featureField() {
        return String.join("_", features);
    }

    /**
     * The value of the Yardstick/InfluxDB {@code deploy_scenario} tag.
     *
     * @return the scenario name
     */
    public String deployScenarioTag() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
