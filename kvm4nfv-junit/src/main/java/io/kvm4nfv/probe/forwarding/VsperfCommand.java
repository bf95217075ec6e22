package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.Shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds the {@code vsperf} command line for a {@link ForwardingRequest}, e.g.
 * <pre>
 * cd /home/jenkins/vswitchperf &amp;&amp; . /home/jenkins/vsperfenv/bin/activate &amp;&amp; ./vsperf
 *   --conf-file /home/jenkins/vsperf.conf --vswitch OvsDpdkVhost --vnf QemuDpdkVhostUser --trafficgen IxNet
 *   --test-params 'TRAFFICGEN_PKT_SIZES=(64,128);TRAFFICGEN_DURATION=30;TRAFFIC={...};GUEST_NICS_NR=[2, 4]'
 *   --tests pvvp_tput
 * </pre>
 * Every value goes through {@link Shell#quote}; PCI passthrough and SR-IOV force {@code --vswitch none
 * --vnf QemuPciPassthrough} (KVM4NFV's SRIOV job; see {@link NicAttachment}).
 */
public final class VsperfCommand {

    private VsperfCommand() {
    }

    /**
     * The argv of {@code ./vsperf} (without the {@code cd} and virtualenv prefix).
     *
     * @param request the test, path, frame sizes and duration
     * @param options VSPERF's components, mode and extra parameters
     * @return {@code ./vsperf} with its options, {@code --tests} last; {@code --vnf} only when guests run
     * @throws IllegalArgumentException when an extra test parameter collides with one set from the request
     */
    public static List<String> argv(ForwardingRequest request, VsperfOptions options) {
        List<String> argv = new ArrayList<>();
        argv.add("./vsperf");
        if (options.confFile() != null) {
            argv.add("--conf-file");
            argv.add(options.confFile());
        }
        boolean passthrough = !request.topology().usesVswitch();
        argv.add("--vswitch");
        argv.add(passthrough ? "none" : options.vswitch());
        if (request.topology().deployment().vmCount() > 0) {
            argv.add("--vnf");
            argv.add(passthrough ? "QemuPciPassthrough" : options.vnf());
        }
        argv.add("--trafficgen");
        argv.add(options.trafficgen());
        if (options.mode() != null) {
            argv.add("--mode");
            argv.add(options.mode());
        }
        argv.add("--test-params");
        argv.add(testParams(request, options));
        argv.add("--tests");
        argv.add(request.testId());
        return List.copyOf(argv);
    }

    /**
     * The full shell command line: {@code cd DIR && [. ACTIVATE &&] ./vsperf ...}.
     *
     * @param request the test, path, frame sizes and duration
     * @param options VSPERF's directory, virtualenv, components, mode and extra parameters
     * @return the command line, every value shell-quoted
     * @throws IllegalArgumentException when an extra test parameter collides with one set from the request
     */
    public static String commandLine(ForwardingRequest request, VsperfOptions options) {
        StringBuilder sb = new StringBuilder("cd ").append(Shell.quote(options.vsperfDir())).append(" && ");
        if (options.venvActivate() != null) {
            sb.append(". ").append(Shell.quote(options.venvActivate())).append(" && ");
        }
        return sb.append(Shell.command(argv(request, options))).toString();
    }

    /**
     * The {@code --test-params} value: {@code TRAFFICGEN_PKT_SIZES} as a Python tuple, {@code TRAFFICGEN_DURATION}
     * in whole seconds (rounded up), {@code TRAFFIC} keys, {@code GUEST_NICS_NR} when guests run, then the extra
     * parameters sorted by name; entries separated by {@code ;}.
     *
     * @param request the frame sizes, duration, direction and guests' NICs
     * @param options the traffic type and extra parameters
     * @return the value, unquoted
     * @throws IllegalArgumentException when an extra test parameter collides with one set from the request
     */
    public static String testParams(ForwardingRequest request, VsperfOptions options) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        List<Integer> sizes = request.frameSizes();
        params.put("TRAFFICGEN_PKT_SIZES", "(" + sizes.stream().map(String::valueOf).collect(Collectors.joining(","))
                + (sizes.size() == 1 ? ",)" : ")"));
        long millis = request.durationPerSize().toMillis();
        params.put("TRAFFICGEN_DURATION", String.valueOf((millis + 999) / 1000));
        params.put("TRAFFIC", "{'traffic_type':'" + options.trafficType() + "','bidir':'"
                + (request.bidirectional() ? "True" : "False") + "'}");
        if (request.topology().deployment().vmCount() > 0) {
            params.put("GUEST_NICS_NR", request.topology().guestNicsNr().toString());
        }
        for (Map.Entry<String, String> e : new TreeMap<>(options.extraTestParams()).entrySet()) {
            if (params.containsKey(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + " is set from the request; do not pass it as an extra"
                        + " test parameter");
            }
            params.put(e.getKey(), e.getValue());
        }
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }
}
