package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.result.ForwardingResult;

import java.util.Locale;

/**
 * Names of forwarding results as KVM4NFV's dashboards used them. KVM4NFV's
 * {@code data_publish.py} wrote one InfluxDB point per CSV row with measurement
 * {@code <id>_<test type>} (e.g. {@code pvp_tput_OVS_with_DPDK_and_vHost_User}), tags {@code id},
 * {@code type}, {@code packet_size} and fields {@code min_value}, {@code avg_value},
 * {@code max_value} (latency, ns) and {@code throughput} (Mbit/s). The Grafana panels show them as
 * {@code KVM4NFV-PVP-TPUT-OVS_WITH_DPDK_AND_VHOST_USER}. Here that name is the result's case
 * name (results file, {@code yardstick.out}, test-results API); its InfluxDB points go to the
 * deployment's measurement {@code kvmfornfv_packet_forwarding_<deployment>} that the generated
 * dashboards query ({@code io.kvm4nfv.publish.measure.ForwardingMeasurements}).
 */
public final class ForwardingResultNames {

    /** The tag holding the frame size. */
    public static final String PACKET_SIZE_TAG = "packet_size";

    private ForwardingResultNames() {
    }

    /**
     * KVM4NFV's measurement name, the case name here: {@code <testId>_<testType>}, e.g. {@code pvvp_tput_OVS_with_DPDK_and_vHost_User}.
     *
     * @param result the forwarding result whose test id and test type name it
     * @return the name, with runs of characters other than letters, digits, {@code _ . -} replaced by {@code _}
     */
    public static String measurement(ForwardingResult result) {
        return measurement(result.testId(), result.testType());
    }

    /**
     * KVM4NFV's measurement name {@code <testId>_<testType>} from its two parts.
     *
     * @param testId   the test's id, VSPERF style, e.g. {@code pvp_tput}
     * @param testType the vSwitch/VNF combination, e.g. {@code OVS_with_DPDK_and_vHost_User}
     * @return both parts trimmed and sanitized (other characters than letters, digits, {@code _ . -}
     *         become {@code _}), joined with {@code _}
     */
    public static String measurement(String testId, String testType) {
        return sanitize(testId) + "_" + sanitize(testType);
    }

    /**
     * Dashboard name: {@code KVM4NFV-PVVP-TPUT-OVS_WITH_DPDK_AND_VHOST_USER}.
     *
     * @param result the forwarding result whose test id and test type name it
     * @return the upper-case Grafana dashboard name
     */
    public static String dashboardName(ForwardingResult result) {
        return dashboardName(result.testId(), result.testType());
    }

    /**
     * Grafana dashboard name {@code KVM4NFV-<TESTID>-<TESTTYPE>} from its two parts.
     *
     * @param testId   the test's id, VSPERF style, e.g. {@code pvvp_tput}; its {@code _} become {@code -}
     * @param testType the vSwitch/VNF combination, e.g. {@code OVS_with_DPDK_and_vHost_User}
     * @return the sanitized name in upper case
     */
    public static String dashboardName(String testId, String testType) {
        return ("KVM4NFV-" + sanitize(testId).replace('_', '-') + "-" + sanitize(testType)).toUpperCase(Locale.ROOT);
    }

    private static String sanitize(String s) {
        return s.trim().replaceAll("[^A-Za-z0-9_.-]+", "_");
    }
}
