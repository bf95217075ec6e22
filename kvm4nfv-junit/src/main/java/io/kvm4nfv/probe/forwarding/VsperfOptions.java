package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.config.VsperfConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run VSPERF on the device under test. A pod's {@code forwarding.vsperf} section gives
 * them ({@link #of(VsperfConfig)}); a test changes what it needs with the {@code with…} methods
 * (what {@code @PacketForwarding(trafficgen, vswitch, vnf, confFile)} does).
 *
 * @param vsperfDir     VSPERF's checkout on the DUT, where {@code ./vsperf} lives (e.g. {@code /home/jenkins/vswitchperf})
 * @param venvActivate  script sourced first (VSPERF's Python virtualenv, e.g. {@code /home/jenkins/vsperfenv/bin/activate}),
 *                      or {@code null}
 * @param confFile      custom configuration passed as {@code --conf-file} (e.g. {@code 10_custom.conf}), or {@code null}
 * @param vswitch       {@code --vswitch}, e.g. {@code OvsDpdkVhost}, {@code OvsVanilla}; PCI passthrough forces {@code none}
 * @param vnf           {@code --vnf}, e.g. {@code QemuDpdkVhostUser}; PCI passthrough forces {@code QemuPciPassthrough}
 * @param trafficgen    {@code --trafficgen}, e.g. {@code IxNet}, {@code Ixia}, {@code Trex}, {@code Dummy}
 * @param mode          {@code --mode} ({@code trafficgen}, {@code trafficgen-off}, {@code trafficgen-pause}), or {@code null}
 * @param trafficType   {@code TRAFFIC['traffic_type']}, e.g. {@code rfc2544_throughput}, {@code rfc2544_continuous}
 * @param resultsRoot   VSPERF's {@code RESULTS_PATH} (where it creates {@code results_*} directories), searched when
 *                      the log does not name the result directory
 * @param testType      KVM4NFV's name of the vSwitch/VNF combination for results, e.g. {@code OVS_with_DPDK_and_vHost_User},
 *                      or {@code null} to name it after what runs ({@link #testType(Topology)})
 * @param extraTestParams more {@code --test-params} entries, name → Python literal (e.g. {@code TRAFFICGEN_RFC2544_TESTS} → {@code 1})
 * @param timeout       upper bound of the whole VSPERF run
 */
public record VsperfOptions(String vsperfDir, String venvActivate, String confFile, String vswitch, String vnf,
                            String trafficgen, String mode, String trafficType, String resultsRoot, String testType,
                            Map<String, String> extraTestParams, Duration timeout) {

    /**
     * Checks the options and copies the extra parameters.
     *
     * @param vsperfDir       VSPERF's checkout on the DUT
     * @param venvActivate    script sourced first, or {@code null}
     * @param confFile        {@code --conf-file}, or {@code null}
     * @param vswitch         {@code --vswitch}, a VSPERF component name
     * @param vnf             {@code --vnf}, a VSPERF component name
     * @param trafficgen      {@code --trafficgen}, a VSPERF component name
     * @param mode            {@code trafficgen}, {@code trafficgen-off}, {@code trafficgen-pause}, or {@code null}
     * @param trafficType     {@code TRAFFIC['traffic_type']}, a VSPERF component name
     * @param resultsRoot     VSPERF's {@code RESULTS_PATH}
     * @param testType        KVM4NFV's name of the vSwitch/VNF combination, or {@code null}
     * @param extraTestParams more {@code --test-params} entries (upper-case names, values without {@code ;}),
     *                        or {@code null} for none
     * @param timeout         upper bound of the whole VSPERF run
     * @throws NullPointerException     when a required component is {@code null}
     * @throws IllegalArgumentException for an unknown mode, a name that is not a VSPERF component name, or a bad
     *                                  extra parameter
     */
    public VsperfOptions {
        Objects.requireNonNull(vsperfDir, "vsperfDir");
        Objects.requireNonNull(vswitch, "vswitch");
        Objects.requireNonNull(vnf, "vnf");
        Objects.requireNonNull(trafficgen, "trafficgen");
        Objects.requireNonNull(trafficType, "trafficType");
        Objects.requireNonNull(resultsRoot, "resultsRoot");
        Objects.requireNonNull(timeout, "timeout");
        if (mode != null && !mode.matches("trafficgen|trafficgen-off|trafficgen-pause")) {
            throw new IllegalArgumentException("VSPERF --mode is trafficgen, trafficgen-off or trafficgen-pause, not " + mode);
        }
        VsperfConfig.component("vswitch", vswitch);
        VsperfConfig.component("vnf", vnf);
        VsperfConfig.component("trafficgen", trafficgen);
        VsperfConfig.component("trafficType", trafficType);
        if (testType != null) {
            VsperfConfig.component("testType", testType);
        }
        extraTestParams = Map.copyOf(extraTestParams == null ? Map.of() : extraTestParams);
        for (String key : extraTestParams.keySet()) {
            if (!key.matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException("VSPERF parameter names are upper case: " + key);
            }
            if (extraTestParams.get(key).contains(";")) {
                throw new IllegalArgumentException("a --test-params value cannot hold ';': " + key);
            }
        }
    }

    /**
     * KVM4NFV's daily job ({@link VsperfConfig#KVM4NFV_DAILY}): OVS with DPDK and vhost-user, QEMU with
     * vhost-user, IXIA (IxNet), RFC 2544 throughput, VSPERF in {@code ~jenkins/vswitchperf} with its
     * virtualenv, results in {@code /tmp}, 2 h.
     *
     * @return the options of KVM4NFV's daily job
     */
    public static VsperfOptions kvm4nfvDefaults() {
        return of(VsperfConfig.KVM4NFV_DAILY);
    }

    /**
     * What a pod's {@code forwarding.vsperf} says, RFC 2544 throughput, no {@code --mode}, no extra parameters.
     *
     * @param pod the pod file's VSPERF section
     * @return the options; the test type is named after what runs
     */
    public static VsperfOptions of(VsperfConfig pod) {
        return new VsperfOptions(pod.dir(), pod.venv(), pod.confFile(), pod.vswitch(), pod.vnf(), pod.trafficgen(),
                null, "rfc2544_throughput", pod.resultsRoot(), null, Map.of(), pod.timeout());
    }

    /**
     * KVM4NFV's name of what runs, for results and dashboards: {@link #testType()} when given, else
     * {@code SRIOV} or {@code PCI_passthrough} without a vSwitch, {@code OVS_with_DPDK_and_vHost_User}
     * for {@code OvsDpdkVhost} (KVM4NFV's daily job), otherwise the {@code --vswitch} name.
     *
     * @param topology the forwarding path; its NIC attachment decides without a given test type
     * @return the test type name
     */
    public String testType(Topology topology) {
        if (testType != null) {
            return testType;
        }
        return switch (topology.attachment()) {
            case SRIOV -> "SRIOV";
            case PCI_PASSTHROUGH -> "PCI_passthrough";
            case VSWITCH -> vswitch.equals("OvsDpdkVhost") ? "OVS_with_DPDK_and_vHost_User" : vswitch;
        };
    }

    /**
     * These options with another custom configuration.
     *
     * @param file {@code --conf-file} value, or {@code null} for none
     * @return a copy with {@code confFile} replaced
     */
    public VsperfOptions withConfFile(String file) {
        return new VsperfOptions(vsperfDir, venvActivate, file, vswitch, vnf, trafficgen, mode, trafficType, resultsRoot,
                testType, extraTestParams, timeout);
    }

    /**
     * Another {@code --vswitch}; the results are named after it ({@link #testType(Topology)}).
     *
     * @param v the vSwitch's VSPERF name, e.g. {@code OvsVanilla}
     * @return a copy with {@code vswitch} replaced and no explicit test type
     * @throws IllegalArgumentException when {@code v} is not a VSPERF component name
     */
    public VsperfOptions withVswitch(String v) {
        return withVswitch(v, null);
    }

    /**
     * Another {@code --vswitch} with the name its results go under.
     *
     * @param v            the vSwitch's VSPERF name, e.g. {@code OvsVanilla}
     * @param testTypeName KVM4NFV's test type for results, or {@code null} to name it after what runs
     * @return a copy with {@code vswitch} and {@code testType} replaced
     * @throws IllegalArgumentException when a name is not a VSPERF component name
     */
    public VsperfOptions withVswitch(String v, String testTypeName) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, v, vnf, trafficgen, mode, trafficType, resultsRoot,
                testTypeName, extraTestParams, timeout);
    }

    /**
     * These options with another {@code --vnf}.
     *
     * @param v the VNF's VSPERF name, e.g. {@code QemuDpdkVhostUser}
     * @return a copy with {@code vnf} replaced
     * @throws IllegalArgumentException when {@code v} is not a VSPERF component name
     */
    public VsperfOptions withVnf(String v) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, v, trafficgen, mode, trafficType, resultsRoot,
                testType, extraTestParams, timeout);
    }

    /**
     * These options with another {@code --trafficgen}.
     *
     * @param t the traffic generator's VSPERF name, e.g. {@code Trex}
     * @return a copy with {@code trafficgen} replaced
     * @throws IllegalArgumentException when {@code t} is not a VSPERF component name
     */
    public VsperfOptions withTrafficgen(String t) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, vnf, t, mode, trafficType, resultsRoot,
                testType, extraTestParams, timeout);
    }

    /**
     * These options with another {@code --mode}.
     *
     * @param m {@code trafficgen}, {@code trafficgen-off}, {@code trafficgen-pause}, or {@code null} for none
     * @return a copy with {@code mode} replaced
     * @throws IllegalArgumentException for any other mode
     */
    public VsperfOptions withMode(String m) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, vnf, trafficgen, m, trafficType, resultsRoot,
                testType, extraTestParams, timeout);
    }

    /**
     * These options with another traffic type.
     *
     * @param t VSPERF's {@code TRAFFIC['traffic_type']}, e.g. {@code rfc2544_continuous}
     * @return a copy with {@code trafficType} replaced
     * @throws IllegalArgumentException when {@code t} is not a VSPERF component name
     */
    public VsperfOptions withTrafficType(String t) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, vnf, trafficgen, mode, t, resultsRoot,
                testType, extraTestParams, timeout);
    }

    /**
     * These options with another results directory.
     *
     * @param dir VSPERF's {@code RESULTS_PATH} on the DUT
     * @return a copy with {@code resultsRoot} replaced
     */
    public VsperfOptions withResultsRoot(String dir) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, vnf, trafficgen, mode, trafficType, dir,
                testType, extraTestParams, timeout);
    }

    /**
     * These options with one more (or a replaced) {@code --test-params} entry.
     *
     * @param name          the VSPERF parameter, upper case, e.g. {@code TRAFFICGEN_RFC2544_TESTS}
     * @param pythonLiteral its value as a Python literal, without {@code ;}
     * @return a copy with the entry added
     * @throws IllegalArgumentException for a lower-case name or a value holding {@code ;}
     */
    public VsperfOptions withTestParam(String name, String pythonLiteral) {
        Map<String, String> params = new LinkedHashMap<>(extraTestParams);
        params.put(name, pythonLiteral);
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, vnf, trafficgen, mode, trafficType,
                resultsRoot, testType, params, timeout);
    }

    /**
     * These options with another upper bound of the VSPERF run.
     *
     * @param t the longest the whole run may take
     * @return a copy with {@code timeout} replaced
     */
    public VsperfOptions withTimeout(Duration t) {
        return new VsperfOptions(vsperfDir, venvActivate, confFile, vswitch, vnf, trafficgen, mode, trafficType,
                resultsRoot, testType, extraTestParams, t);
    }
}
