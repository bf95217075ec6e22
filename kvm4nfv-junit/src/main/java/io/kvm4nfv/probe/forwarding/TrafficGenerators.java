package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.config.ForwardingDriver;
import io.kvm4nfv.lab.ForwardingHost;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.report.Journal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The traffic generator the pod's {@code forwarding.driver} chooses: {@code native} is the library's
 * own namespace path ({@link NetnsTrafficGenerator}) on the host, with real QEMU guests
 * ({@link QemuGuestForwarders}) the lab starts there for deployments with VMs — the embedded lab on
 * this machine, a real pod over the host's SSH connection ({@link Lab#forwardingHost}); {@code vsperf}
 * is VSPERF on the host ({@link VsperfTrafficGenerator}), which starts its own vSwitch and VMs — the
 * default of a real pod. Either way the forwarding VMs belong to the test, not to the pod's guest
 * (the one cyclictest measures in).
 * Everything the native path creates is registered first with the host's registry
 * ({@link ForwardingHost#resources()}): on the embedded lab its reaper, so a killed JVM leaves
 * nothing behind; on a real pod none — there the path's own cleanup and the next run's sweep of
 * dead runs (owned by the SSH session, {@link ForwardingHost#ownerPid()}) remove it.
 */
public final class TrafficGenerators {

    private TrafficGenerators() {
    }

    /**
     * The generator for {@code lab} on its first host, with the defaults: OVS (or a bridge for
     * p2p) at 1000 fps offered on the native path, the pod's {@code forwarding.vsperf} for VSPERF.
     *
     * @param lab the lab (embedded or a pod) whose {@code forwarding.driver} chooses the generator
     * @param log receives progress lines
     * @return VSPERF or the native path on the lab's first host; guests get the pod's reboot timeout to answer SSH
     */
    public static TrafficGenerator forLab(Lab lab, Consumer<String> log) {
        return forLab(lab, lab.hosts().get(0), EmbeddedLabOptions.defaults(),
                VsperfOptions.of(lab.pod().forwarding().vsperf()), lab.pod().timeouts().reboot(), log);
    }

    /**
     * The generator for {@code lab} on {@code host}.
     *
     * @param lab         the lab whose {@code forwarding.driver} chooses the generator
     * @param host        the host the generator runs on, one of the lab's hosts
     * @param embedded    how the native path is built (ignored by VSPERF)
     * @param vsperf      how VSPERF runs (ignored by the native path)
     * @param bootTimeout how long a native forwarding guest may take to answer SSH
     * @param log         receives progress lines
     * @return VSPERF or the native path on {@code host}, without a journal
     */
    public static TrafficGenerator forLab(Lab lab, Node host, EmbeddedLabOptions embedded, VsperfOptions vsperf,
                                          Duration bootTimeout, Consumer<String> log) {
        return forLab(lab, host, embedded, vsperf, bootTimeout, log, Journal.SILENT);
    }

    /**
     * As {@link #forLab(Lab, Node, EmbeddedLabOptions, VsperfOptions, Duration, Consumer)}, with a journal
     * that receives VSPERF's command, exit status, log and result CSV of every run.
     * A native path's owner is the host's {@linkplain ForwardingHost#ownerPid() owner process} unless
     * {@code embedded} names another one than this JVM.
     *
     * @param lab         the lab whose {@code forwarding.driver} chooses the generator
     * @param host        the host the generator runs on, one of the lab's hosts
     * @param embedded    how the native path is built (ignored by VSPERF)
     * @param vsperf      how VSPERF runs (ignored by the native path)
     * @param bootTimeout how long a native forwarding guest may take to answer SSH
     * @param log         receives progress lines
     * @param journal     receives VSPERF's artifacts of every run
     * @return {@link VsperfTrafficGenerator} for the {@code vsperf} driver, else {@link NetnsTrafficGenerator}
     *         with {@link QemuGuestForwarders}
     */
    public static TrafficGenerator forLab(Lab lab, Node host, EmbeddedLabOptions embedded, VsperfOptions vsperf,
                                          Duration bootTimeout, Consumer<String> log, Journal journal) {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(host, "host");
        if (lab.pod().forwarding().driver() == ForwardingDriver.VSPERF) {
            return new VsperfTrafficGenerator(host, vsperf, log, journal);
        }
        ForwardingHost forwardingHost = lab.forwardingHost(host);
        EmbeddedLabOptions options = embedded.ownerPid() == ProcessHandle.current().pid()
                ? embedded.withOwnerPid(forwardingHost.ownerPid()) : embedded;
        return new NetnsTrafficGenerator(host, options, new QemuGuestForwarders(forwardingHost, bootTimeout,
                QemuGuestForwarders.DEFAULT_MEMORY_KB, log), forwardingHost.resources(), log);
    }
}
