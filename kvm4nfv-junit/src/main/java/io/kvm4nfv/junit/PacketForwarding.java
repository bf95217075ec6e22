package io.kvm4nfv.junit;

import io.kvm4nfv.probe.forwarding.NicAttachment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs KVM4NFV's packet-forwarding test of a VSPERF deployment right before the test body:
 * frames from a traffic generator through the vSwitch and the deployment's VMs and back, one
 * frame size after the other; records the result, injects it as a
 * {@code ForwardingResult} parameter, and judges the SLA after the body, listing every
 * violated bound of every frame size. Bounds left at -1 take the pod's defaults
 * ({@code sla.forwarding} in the pod file); a bound that is set neither here nor there is not
 * checked.
 *
 * <p>Where it runs is the pod's {@code forwarding.driver}: {@code vsperf} (a real pod's default)
 * runs VSPERF on the pod's first host as the pod's {@code forwarding.vsperf} says, which starts its
 * own vSwitch and VMs; {@link #trafficgen()}, {@link #vswitch()}, {@link #vnf()} and
 * {@link #confFile()} override the pod's for this test, and {@link #nics()} chooses PCI passthrough
 * or SR-IOV ({@code --vswitch none --vnf QemuPciPassthrough}, pvp only). The command, its exit
 * status, VSPERF's log and its result CSV are attached to the report. {@code native} (the embedded
 * lab's default; on a real pod built over SSH on its first host) is a path of network namespaces, an OVS
 * userspace switch (a Linux bridge for p2p when OVS cannot start), sockperf and iperf3, with
 * one real QEMU guest per VM of the deployment that bridges its NIC pairs. The forwarding path
 * and its VMs belong to the test class: built when a test first needs the deployment, reused by
 * its other tests of that deployment (and by tests that inject a {@code TrafficGenerator}), and
 * removed when the class ends, also after failures. They are not the pod's guest (cyclictest's),
 * so this annotation does not need one ({@link NeedsGuest} is deliberately absent).
 *
 * <p>Maps to {@link io.kvm4nfv.probe.forwarding.ForwardingOptions} and
 * {@link io.kvm4nfv.probe.forwarding.VsperfOptions}; the same run from plain Java with an injected
 * {@code Lab}: {@code TrafficGenerators.forLab(lab, log).run(options.request())}, or with VSPERF
 * settings of its own {@code new VsperfTrafficGenerator(lab.hosts().get(0),
 * VsperfOptions.of(lab.pod().forwarding().vsperf()).withTrafficgen("Trex"), log).run(
 * ForwardingOptions.of("pvp").withNics(SRIOV).request())}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PacketForwarding {

    /** Configuration parameter: seconds per frame size when {@link #durationSeconds()} is 0 (default 30, VSPERF's). */
    String DURATION_PARAMETER = "kvm4nfv.probe.forwarding.durationSeconds";
    /** Configuration parameter: frames per second the embedded lab offers (default 1000). */
    String OFFERED_FPS_PARAMETER = "kvm4nfv.probe.forwarding.offeredFps";

    /**
     * The VSPERF deployment: {@code p2p}, {@code pvp}, {@code pvvp[N]}, {@code pvpv[N]}.
     *
     * @return the VSPERF deployment name
     */
    String deployment();

    /**
     * VSPERF's {@code GUEST_NICS_NR}: NICs per VM (1 or even); empty = 2 for every VM.
     *
     * @return the number of NICs of each VM, in VM order, or an empty array for 2 per VM
     */
    int[] guestNics() default {};

    /**
     * How the VMs' NICs reach the wire: through the vSwitch (default), or without one, VSPERF's
     * {@code --vswitch none --vnf QemuPciPassthrough}: {@code PCI_PASSTHROUGH} (whole NICs) or
     * {@code SRIOV} (virtual functions; the VSPERF conf file must name them in {@code WHITELIST_NICS},
     * e.g. {@code '0000:05:00.0|vf0'}). Without a vSwitch only {@code pvp} with 2 NICs runs (VSPERF's rule).
     *
     * @return how the VMs' NICs are attached
     */
    NicAttachment nics() default NicAttachment.VSWITCH;

    /**
     * VSPERF {@code --trafficgen} for this test ({@code IxNet}, {@code Trex}, {@code Dummy}, ...); empty = the pod's.
     *
     * @return the VSPERF traffic generator name, or an empty string for the pod's
     */
    String trafficgen() default "";

    /**
     * VSPERF {@code --vswitch} for this test ({@code OvsDpdkVhost}, {@code OvsVanilla}, ...); empty = the pod's.
     *
     * @return the VSPERF vSwitch name, or an empty string for the pod's
     */
    String vswitch() default "";

    /**
     * VSPERF {@code --vnf} for this test ({@code QemuDpdkVhostUser}, {@code QemuVirtioNet}, ...); empty = the pod's.
     *
     * @return the VSPERF VNF name, or an empty string for the pod's
     */
    String vnf() default "";

    /**
     * VSPERF {@code --conf-file} for this test, relative to the pod's VSPERF folder or absolute; empty = the pod's.
     *
     * @return the VSPERF configuration file path, or an empty string for the pod's
     */
    String confFile() default "";

    /**
     * Ethernet frame sizes in bytes, run in this order; KVM4NFV's set by default.
     *
     * @return the Ethernet frame sizes in bytes, in run order
     */
    int[] frameSizes() default {64, 128, 512, 1024, 1518};

    /**
     * Traffic seconds per frame size; 0 = the run default ({@value #DURATION_PARAMETER}, else 30).
     *
     * @return the traffic duration per frame size in seconds, or 0 for the run default
     */
    long durationSeconds() default 0;

    /**
     * SLA: upper bound of the mean latency per frame size, µs; -1 = pod default or none.
     *
     * @return the bound on the mean latency in microseconds, or -1 for the pod's default
     */
    double maxAvgLatencyUs() default -1;

    /**
     * SLA: upper bound of the largest latency per frame size, µs; -1 = pod default or none.
     *
     * @return the bound on the largest latency in microseconds, or -1 for the pod's default
     */
    double maxLatencyUs() default -1;

    /**
     * SLA: lower bound of the received rate per frame size, Mbit/s on whole frames; -1 = pod default or none.
     *
     * @return the lower bound on the received rate in Mbit/s, or -1 for the pod's default
     */
    double minThroughputMbps() default -1;

    /**
     * SLA: upper bound of the frame loss per frame size, %; -1 = pod default or none.
     *
     * @return the bound on the frame loss in percent, or -1 for the pod's default
     */
    double maxLossPercent() default -1;
}
