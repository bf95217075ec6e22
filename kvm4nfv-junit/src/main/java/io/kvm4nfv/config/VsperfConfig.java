package io.kvm4nfv.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a pod runs OPNFV VSPERF ({@code forwarding.vsperf} in the pod file). Paths are on the host
 * VSPERF runs on, never on this machine, and are only ever passed quoted. Every field has
 * KVM4NFV's daily-job value as default ({@link #KVM4NFV_DAILY}), so a pod without the section
 * runs what KVM4NFV's Jenkins job ran.
 *
 * @param dir            VSPERF's checkout, where {@code ./vsperf} is run from (absolute)
 * @param venv           the virtualenv's {@code activate} script sourced first (absolute), or {@code null}
 *                       ({@code venv: none} in the file)
 * @param confFile       {@code --conf-file} (relative to {@code dir} or absolute), or {@code null} for none
 * @param trafficgen     {@code --trafficgen}: {@code IxNet}, {@code Ixia}, {@code Trex}, {@code Dummy}, ...
 * @param vswitch        {@code --vswitch}: {@code OvsDpdkVhost}, {@code OvsVanilla}, {@code VppDpdkVhost}, ...
 * @param vnf            {@code --vnf}: {@code QemuDpdkVhostUser}, {@code QemuVirtioNet}, ...
 * @param resultsRoot    VSPERF's {@code LOG_DIR}, where it creates {@code results_<date>_<time>/} (absolute);
 *                       searched when its log does not name the result directory
 * @param timeoutSeconds upper bound of one VSPERF run, whole seconds &gt; 0
 */
public record VsperfConfig(String dir, String venv, String confFile, String trafficgen, String vswitch, String vnf,
                           String resultsRoot, int timeoutSeconds) {

    /**
     * A VSPERF component name ({@code --trafficgen}, {@code --vswitch}, {@code --vnf}): VSPERF looks
     * these up as class names, so letters, digits, {@code _ . -} are all they hold.
     */
    public static final Pattern COMPONENT_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * KVM4NFV's daily job: VSPERF in {@code ~jenkins/vswitchperf} with its virtualenv, no custom conf file,
     * IXIA (IxNet), OVS with DPDK and vhost-user, QEMU with vhost-user, results under {@code /tmp}, 2 h.
     */
    public static final VsperfConfig KVM4NFV_DAILY = new VsperfConfig("/home/jenkins/vswitchperf",
            "/home/jenkins/vsperfenv/bin/activate", null, "IxNet", "OvsDpdkVhost", "QemuDpdkVhostUser", "/tmp",
            7200);

    /**
     * Checks the paths and component names.
     *
     * @param dir            VSPERF's checkout, absolute; not {@code null}
     * @param venv           the virtualenv's {@code activate} script, absolute, or {@code null}
     * @param confFile       {@code --conf-file}, or {@code null} for none; not blank
     * @param trafficgen     {@code --trafficgen}, a {@link #COMPONENT_NAME}
     * @param vswitch        {@code --vswitch}, a {@link #COMPONENT_NAME}
     * @param vnf            {@code --vnf}, a {@link #COMPONENT_NAME}
     * @param resultsRoot    VSPERF's {@code LOG_DIR}, absolute; not {@code null}
     * @param timeoutSeconds upper bound of one VSPERF run, s, positive
     * @throws IllegalArgumentException when a path is not absolute, the conf file is blank, a component
     *                                  name is invalid or the timeout is not positive
     * @throws NullPointerException     when {@code dir} or {@code resultsRoot} is {@code null}
     */
    public VsperfConfig {
        absolute("dir", Objects.requireNonNull(dir, "dir"));
        if (venv != null) {
            absolute("venv", venv);
        }
        if (confFile != null && confFile.isBlank()) {
            throw new InvalidFieldException("confFile", "is empty (leave it out, or 'none', for no --conf-file)");
        }
        component("trafficgen", trafficgen);
        component("vswitch", vswitch);
        component("vnf", vnf);
        absolute("resultsRoot", Objects.requireNonNull(resultsRoot, "resultsRoot"));
        InvalidFieldException.positive("timeoutSeconds", timeoutSeconds);
    }

    /**
     * {@link #timeoutSeconds()} as a duration.
     *
     * @return the duration of {@code timeoutSeconds} seconds
     */
    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /**
     * Checks a VSPERF component name.
     *
     * @param field the pod file field it came from, named in the error
     * @param name  the component name, e.g. {@code IxNet}; {@code null} is invalid
     * @throws IllegalArgumentException naming {@code field} for anything but {@link #COMPONENT_NAME}
     */
    public static void component(String field, String name) {
        if (name == null || !COMPONENT_NAME.matcher(name).matches()) {
            throw new InvalidFieldException(field, "'" + PodConfigException.shorten(String.valueOf(name))
                    + "' is not a VSPERF component name (letters, digits, '_', '.', '-'; e.g. IxNet, Trex, Dummy,"
                    + " OvsDpdkVhost, QemuDpdkVhostUser)");
        }
    }

    private static void absolute(String field, String path) {
        if (!path.startsWith("/")) {
            throw new InvalidFieldException(field, "must be an absolute path on the host VSPERF runs on, got '"
                    + PodConfigException.shorten(path) + "'");
        }
    }
}
