package io.kvm4nfv.publish.measure;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * What identifies a test run wherever its results go: the tags of every InfluxDB point,
 * the {@code info} of the Yardstick-style run file, the test-results API fields. A value that
 * is not known is {@code unknown}, as Yardstick wrote it.
 *
 * @param taskId   unique id of this run (a UUID by default)
 * @param podName  the pod the tests ran on, e.g. {@code local} or {@code intel-pod10}
 * @param installer the OPNFV installer, {@code unknown} when there is none
 * @param scenario the deploy scenario, e.g. {@code os-nosdn-kvm-ha}; a test's own scenario
 *                 ({@code @Scenario}) replaces it for that test's results ({@link #withScenario})
 * @param version  the version under test
 */
public record RunInfo(String taskId, String podName, String installer, String scenario, String version) {

    /** The tag keys every point carries (Yardstick's names). */
    public static final List<String> TAG_KEYS = List.of("deploy_scenario", "installer", "pod_name", "task_id", "version");

    /**
     * Replaces every {@code null} or blank value by {@code unknown}.
     *
     * @param taskId    unique id of this run
     * @param podName   the pod the tests ran on
     * @param installer the OPNFV installer
     * @param scenario  the deploy scenario
     * @param version   the version under test
     */
    public RunInfo {
        taskId = orUnknown(taskId);
        podName = orUnknown(podName);
        installer = orUnknown(installer);
        scenario = orUnknown(scenario);
        version = orUnknown(version);
    }

    /**
     * A run with a fresh task id, reading the OPNFV CI variables {@code NODE_NAME} (or
     * {@code POD_NAME}), {@code INSTALLER_TYPE}, {@code DEPLOY_SCENARIO} and
     * {@code OPNFV_VERSION} from {@code env}, {@code pod} (the pod config name) when no
     * variable names the pod.
     *
     * @param pod the pod config name, used when neither variable is set
     * @param env returns an environment variable's value, or {@code null} when unset
     * @return the run, a random UUID as task id, {@code unknown} for what is not set
     */
    public static RunInfo fromEnvironment(String pod, Function<String, String> env) {
        Objects.requireNonNull(env, "env");
        String podName = env.apply("NODE_NAME") != null ? env.apply("NODE_NAME")
                : env.apply("POD_NAME") != null ? env.apply("POD_NAME") : pod;
        return new RunInfo(UUID.randomUUID().toString(), podName, env.apply("INSTALLER_TYPE"),
                env.apply("DEPLOY_SCENARIO"), env.apply("OPNFV_VERSION"));
    }

    /**
     * This run with another deploy scenario (a test's own); {@code null} or blank keeps this one's.
     *
     * @param deployScenario the test's scenario, e.g. from {@code @Scenario}
     * @return this run when the scenario is unchanged, else a copy with the same task id
     */
    public RunInfo withScenario(String deployScenario) {
        return deployScenario == null || deployScenario.isBlank() || deployScenario.equals(scenario) ? this
                : new RunInfo(taskId, podName, installer, deployScenario, version);
    }

    /**
     * The run tags, sorted by key.
     *
     * @return {@code deploy_scenario}, {@code installer}, {@code pod_name}, {@code task_id} and {@code version}
     *         with their values, a new modifiable map
     */
    public Map<String, String> tags() {
        Map<String, String> tags = new TreeMap<>();
        tags.put("deploy_scenario", scenario);
        tags.put("installer", installer);
        tags.put("pod_name", podName);
        tags.put("task_id", taskId);
        tags.put("version", version);
        return tags;
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
