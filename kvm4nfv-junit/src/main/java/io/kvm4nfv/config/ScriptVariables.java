package io.kvm4nfv.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Extra variables for a pod's scripts (setup scripts, a guest's launch script) — e.g.
 * {@code KVM4NFV_GUEST_IMAGE} — from {@code kvm4nfv.setup.env.NAME} system properties, then
 * {@code KVM4NFV_SETUP_ENV_NAME} environment variables (the property wins). The framework's own
 * variables are set after them and cannot be replaced.
 */
public final class ScriptVariables {

    /** System property prefix: {@code -Dkvm4nfv.setup.env.KVM4NFV_GUEST_IMAGE=...}. */
    public static final String PROPERTY_PREFIX = "kvm4nfv.setup.env.";
    /** Environment variable prefix of the same: {@code KVM4NFV_SETUP_ENV_KVM4NFV_GUEST_IMAGE=...}. */
    public static final String ENV_PREFIX = "KVM4NFV_SETUP_ENV_";
    private static final Pattern NAME = Pattern.compile("KVM4NFV_[A-Z0-9_]+");

    private ScriptVariables() {
    }

    /**
     * The extra variables of this JVM (its system properties and environment).
     *
     * @return variable name to value, as {@link #of(Properties, Map)} gives them
     * @throws IllegalArgumentException when a variable name is not {@code KVM4NFV_[A-Z0-9_]+}
     */
    public static Map<String, String> fromSystem() {
        return of(System.getProperties(), System.getenv());
    }

    /**
     * The extra variables given by {@code properties} and {@code environment}.
     *
     * @param properties  system properties; those named {@code kvm4nfv.setup.env.NAME} are used
     * @param environment environment variables; those named {@code KVM4NFV_SETUP_ENV_NAME} are used
     * @return variable name ({@code NAME}, prefix removed) to value; a property wins over the variable
     * @throws IllegalArgumentException naming the property or variable whose name is not {@code KVM4NFV_[A-Z0-9_]+}
     */
    public static Map<String, String> of(Properties properties, Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                env.put(name(k.substring(ENV_PREFIX.length()), k), v);
            }
        });
        properties.stringPropertyNames().stream().filter(k -> k.startsWith(PROPERTY_PREFIX)).sorted()
                .forEach(k -> env.put(name(k.substring(PROPERTY_PREFIX.length()), k), properties.getProperty(k)));
        return env;
    }

    private static String name(String name, String source) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(source + ": setup variables are named KVM4NFV_[A-Z0-9_]+, not '"
                    + name + "'");
        }
        return name;
    }
}
