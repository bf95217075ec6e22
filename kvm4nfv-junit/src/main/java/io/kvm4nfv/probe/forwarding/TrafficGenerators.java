package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.config.ForwardingDriver;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.report.Journal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The traffic generator the pod's {@code forwarding.driver} chooses: {@code native} on the embedded
 * lab is the namespace path ({@link NetnsTrafficGenerator}) with real QEMU guests
 * ({@link QemuGuestForwarders}) booted from the lab's image for deployments with VMs; {@code vsperf}
 * is VSPERF on the host ({@link VsperfTrafficGenerator}), which starts its own vSwitch and VMs — the
 * default of a real pod. Either way the forwarding VMs belong to the test, not to the pod's guest
 * (the one cyclictest measures in).
 * On the embedded lab, everything the path creates is registered with the lab's reaper first
 * (its host is this machine), so a killed JVM leaves nothing behind.
 */
public final class TrafficGenerators {

    private TrafficGenerators() {
    }

    /**
     * The generator for {@code lab} on its first host, with the defaults: OVS (or a bridge for
     * p2p) at 1000 fps offered on the native path, the pod's {@code forwarding.vsperf} for VSPERF.
     */
    public static TrafficGenerator forLab(Lab lab, Consumer<String> log) {
        return forLab(lab, lab.hosts().get(0), EmbeddedLabOptions.defaults(),
                VsperfOptions.of(lab.pod().forwarding().vsperf()), lab.pod().timeouts().reboot(), log);
    }

    /**
     * The generator for {@code lab} on {@code host}.
     *
     * @param embedded    how the native path is built (ignored by VSPERF)
     * @param vsperf      how VSPERF runs (ignored by the native path)
     * @param bootTimeout how long a native forwarding guest may take to answer SSH
     */
    public static TrafficGenerator forLab(Lab lab, Node host, EmbeddedLabOptions embedded, VsperfOptions vsperf,
                                          Duration bootTimeout, Consumer<String> log) {
        return forLab(lab, host, embedded, vsperf, bootTimeout, log, Journal.SILENT);
    }

    /**
     * As {@link #forLab(Lab, Node, EmbeddedLabOptions, VsperfOptions, Duration, Consumer)}, with a journal
     * that receives VSPERF's command, exit status, log and result CSV of every run.
     *
     * @throws UnsupportedOperationException for the {@code native} driver on a pod that is not embedded
     *                                       (not implemented yet)
     */
    public static TrafficGenerator forLab(Lab lab, Node host, EmbeddedLabOptions embedded, VsperfOptions vsperf,
                                          Duration bootTimeout, Consumer<String> log, Journal journal) {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(host, "host");
        if (lab.pod().forwarding().driver() == ForwardingDriver.VSPERF) {
            return new VsperfTrafficGenerator(host, vsperf, log, journal);
        }
        if (lab instanceof EmbeddedLab embeddedLab) {
            return new NetnsTrafficGenerator(host, embedded, QemuGuestForwarders.of(embeddedLab, bootTimeout, log),
                    embeddedLab.reaper(), log);
        }
        throw new UnsupportedOperationException("pod " + lab.pod().name() + ": forwarding.driver native runs only on"
                + " an embedded pod for now; on a kind: ssh pod use forwarding.driver vsperf");
    }
}
