package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.Node;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The traffic generator that fits a lab: on the embedded lab the namespace path
 * ({@link NetnsTrafficGenerator}) with real QEMU guests ({@link QemuGuestForwarders}) booted
 * from the lab's image for deployments with VMs; on a real pod VSPERF on the host
 * ({@link VsperfTrafficGenerator}), which starts its own vSwitch and VMs. Either way the
 * forwarding VMs belong to the test, not to the pod's guest (the one cyclictest measures in).
 * On the embedded lab, everything the path creates is registered with the lab's reaper first
 * (its host is this machine), so a killed JVM leaves nothing behind.
 */
public final class TrafficGenerators {

    private TrafficGenerators() {
    }

    /**
     * The generator for {@code lab} on its first host, with the defaults: OVS (or a bridge for
     * p2p) at 1000 fps offered on the embedded lab, KVM4NFV's VSPERF job on a real pod.
     */
    public static TrafficGenerator forLab(Lab lab, Consumer<String> log) {
        return forLab(lab, lab.hosts().get(0), EmbeddedLabOptions.defaults(), VsperfOptions.kvm4nfvDefaults(),
                lab.pod().timeouts().reboot(), log);
    }

    /**
     * The generator for {@code lab} on {@code host}.
     *
     * @param embedded    how the embedded lab builds its path (ignored on a real pod)
     * @param vsperf      how VSPERF runs on a real pod (ignored on the embedded lab)
     * @param bootTimeout how long an embedded forwarding guest may take to answer SSH
     */
    public static TrafficGenerator forLab(Lab lab, Node host, EmbeddedLabOptions embedded, VsperfOptions vsperf,
                                          Duration bootTimeout, Consumer<String> log) {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(host, "host");
        if (lab instanceof EmbeddedLab embeddedLab) {
            return new NetnsTrafficGenerator(host, embedded, QemuGuestForwarders.of(embeddedLab, bootTimeout, log),
                    embeddedLab.reaper(), log);
        }
        return new VsperfTrafficGenerator(host, vsperf, log);
    }
}
