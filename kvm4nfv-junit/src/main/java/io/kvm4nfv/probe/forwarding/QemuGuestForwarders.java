package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.lab.ForwardingHost;
import io.kvm4nfv.lab.ForwardingVm;
import io.kvm4nfv.lab.ForwardingVmSpec;
import io.kvm4nfv.lab.LabResource;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Real QEMU guests on the library's forwarding path (pvp, pvvp, pvpv): one VM per guest
 * of the {@link Topology}, started by the lab on the path's host ({@link ForwardingHost}: local
 * QEMU processes on the embedded lab, QEMU over SSH on a real pod's host), each with
 * <ul>
 *   <li>its control NIC: user networking with SSH forwarded from 127.0.0.1 (as every lab guest);</li>
 *   <li>one {@code virtio-net-pci} NIC per guest port, backed by a tap device
 *       ({@code -netdev tap,ifname=…,script=no,downscript=no}) with the MAC {@code 52:54:00:4b:VV:NN}
 *       (VM, NIC in hex).</li>
 * </ul>
 * QEMU runs in the root network namespace, where its SSH forward is reachable. It creates its
 * taps there under short temporary names; once the guest answers SSH, each tap is moved into
 * the switch namespace and renamed to the link name the lab asked for (a tap keeps working
 * when its namespace changes). Inside the guest, over SSH, a Linux bridge ({@code fwdK}, STP
 * off, so ports forward at once) joins the two NICs of each {@link NicPair} — the kernel doing
 * what testpmd's io forwarding does in KVM4NFV's guests. The guests therefore measure real
 * virtualisation cost: virtio-net, QEMU's tap backend and (under TCG) the emulated CPU.
 *
 * <p>Cleanup: the taps are not persistent and vanish with their QEMU; every QEMU is recorded in
 * the forwarding lab's {@linkplain NetnsForwardingLab#records() records} right after its start, so
 * that {@link NetnsForwardingLab}'s cleanup and stale sweep stop exactly it after a crash, and is
 * registered by the {@link ForwardingHost} with the lab's reaper when it has one, so it never outlives the JVM (it
 * also carries the lab's marker {@code K4N_RUN=<prefix>}). {@link #attach} stops whatever it
 * started when it fails.
 * Single-NIC guests are not supported (a bridge does not send a frame back out of its port).
 */
public final class QemuGuestForwarders implements GuestForwarders {

    /** RAM of a forwarding guest: the initramfs plus bridge buffers fit in far less than the lab's default. */
    public static final long DEFAULT_MEMORY_KB = 192 * 1024;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MAX_LINK_NAME = 15;

    private final ForwardingHost host;
    private final Duration bootTimeout;
    private final long memoryKb;
    private final Consumer<String> log;

    /**
     * @param host        where the guests run (the path's host)
     * @param bootTimeout how long a guest may take to answer SSH
     * @param memoryKb    RAM per guest
     * @param log         receives progress lines, may be {@code null}
     */
    public QemuGuestForwarders(ForwardingHost host, Duration bootTimeout, long memoryKb, Consumer<String> log) {
        this.host = Objects.requireNonNull(host, "host");
        this.bootTimeout = Objects.requireNonNull(bootTimeout, "bootTimeout");
        this.memoryKb = memoryKb;
        this.log = log == null ? line -> { } : log;
    }

    /** The MAC of guest NIC {@code port}: {@code 52:54:00:4b:VV:NN}. */
    static String mac(Port port) {
        return String.format(Locale.ROOT, "52:54:00:4b:%02x:%02x", port.vm(), port.nic());
    }

    /** The temporary name of a tap in the root namespace, at most 15 characters. */
    static String tapName(long pid, int sequence, Port port) {
        String name = "kt" + Long.toString(pid, 36) + Integer.toString(sequence % 1296, 36) + "v" + port.vm() + "n"
                + port.nic();
        if (name.length() > MAX_LINK_NAME) {
            throw new IllegalArgumentException("tap name " + name + " is longer than " + MAX_LINK_NAME + " characters");
        }
        return name;
    }

    /** The QEMU arguments of the guest's forwarding NICs. */
    static List<String> nicArgs(GuestNics guest, Map<Port, String> tapNames) {
        List<String> args = new ArrayList<>();
        for (Port port : guest.ports()) {
            String id = "fwd" + port.nic();
            args.addAll(List.of("-netdev", "tap,id=" + id + ",ifname=" + tapNames.get(port) + ",script=no,downscript=no"));
            args.addAll(List.of("-device", "virtio-net-pci,netdev=" + id + ",mac=" + mac(port)));
        }
        return List.copyOf(args);
    }

    /**
     * The guest's script: find each NIC by its MAC, bridge the NICs of every pair, wait until
     * every bridge port forwards (state 3), and print {@code forwarding NIC+NIC} per pair.
     */
    static String bridgeScript(GuestNics guest) {
        StringBuilder sb = new StringBuilder("set -e; ")
                .append("nic() { for d in /sys/class/net/*; do [ \"$(cat $d/address)\" = \"$1\" ] && { echo ${d##*/}; return 0; };")
                .append(" done; echo \"no NIC with MAC $1\" >&2; return 1; }; ")
                .append("echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null || true; ");
        int i = 0;
        for (NicPair pair : guest.pairs()) {
            String br = "fwd" + i++;
            sb.append("a=$(nic ").append(mac(pair.in())).append("); b=$(nic ").append(mac(pair.out())).append("); ")
                    .append("ip link add ").append(br).append(" type bridge; ")
                    .append("ip link set $a master ").append(br).append("; ip link set $b master ").append(br).append("; ")
                    .append("ip link set $a up; ip link set $b up; ip link set ").append(br).append(" up; ")
                    .append("n=0; until [ \"$(cat /sys/class/net/$a/brport/state)\" = 3 ] && [ \"$(cat /sys/class/net/$b/brport/state)\" = 3 ];")
                    .append(" do n=$((n+1)); [ $n -lt 100 ] || { echo \"").append(br)
                    .append(" ports do not forward\" >&2; exit 1; }; sleep 0.1; done; ")
                    .append("echo \"forwarding $a+$b\"; ");
        }
        return sb.toString();
    }

    @Override
    public Attachment attach(NetnsForwardingLab lab, Topology topology, Map<Port, String> linkNames) {
        Node node = lab.node();
        String prefix = lab.prefix();
        String switchNamespace = lab.switchNamespace();
        topology.requireNicPairs("QEMU forwarding guests bridge NIC pairs");
        int sequence = SEQUENCE.getAndIncrement();
        long pid = ProcessHandle.current().pid();
        List<RunningGuest> running = new ArrayList<>();
        Attachment stop = new Attachment() {
            @Override
            public Optional<String> problem() {
                return running.stream().filter(g -> !g.vm.isAlive()).findFirst()
                        .map(g -> "forwarding guest " + g.vm.name() + " (QEMU pid " + g.vm.pid() + ") is not running");
            }

            @Override
            public void close() {
                stopAll(running);
            }
        };
        try {
            Instant start = Instant.now();
            for (GuestNics g : topology.guests()) {
                Map<Port, String> taps = new LinkedHashMap<>();
                for (Port port : g.ports()) {
                    taps.put(port, tapName(pid, sequence, port));
                }
                String name = prefix + "vm" + g.vm();
                // before QEMU exists: its taps (in the root namespace until moved); its files by the host
                for (String tap : taps.values()) {
                    lab.register(LabResource.link(lab.owner(), null, tap));
                }
                ForwardingVm vm = host.launch(new ForwardingVmSpec(name, memoryKb, nicArgs(g, taps),
                        Map.of(NetnsForwardingLab.RUN_MARKER, prefix), lab.owner()), lab::register);
                running.add(new RunningGuest(g, vm, taps));
                lab.records().record("qemu-" + name, vm.pid(), ProcessRecords.Kind.PROCESS);
            }
            for (RunningGuest guest : running) {
                Duration waited = guest.vm.awaitReady(bootTimeout);
                log.accept("forwarding guest " + guest.vm.name() + " up after " + waited.toMillis() + " ms (ssh "
                        + guest.vm.sshAddress() + ")");
            }
            StringBuilder move = new StringBuilder("true");
            for (RunningGuest guest : running) {
                for (Map.Entry<Port, String> tap : guest.taps.entrySet()) {
                    String link = linkNames.get(tap.getKey());
                    if (link == null) {
                        throw new IllegalArgumentException("no switch link name for " + tap.getKey());
                    }
                    lab.register(LabResource.link(lab.owner(), switchNamespace, link));
                    move.append(" && ip link set ").append(tap.getValue()).append(" netns ").append(switchNamespace)
                            .append(" && ip -n ").append(switchNamespace).append(" link set ").append(tap.getValue())
                            .append(" name ").append(link)
                            .append(" && ip -n ").append(switchNamespace).append(" link set ").append(link).append(" up");
                }
            }
            ExecResult moved = node.exec(move.toString(), Duration.ofSeconds(30));
            if (!moved.succeeded()) {
                throw new ForwardingFailedException("[" + node.name() + "] moving the guests' taps into "
                        + switchNamespace + ": " + moved.outcome() + " " + moved.stderrText());
            }
            for (RunningGuest guest : running) {
                guest.ssh = guest.vm.connect();
                ExecResult bridged = guest.ssh.exec(bridgeScript(guest.nics), ExecOptions.timeout(Duration.ofSeconds(60)));
                if (!bridged.succeeded()) {
                    throw new ForwardingFailedException("guest " + guest.vm.name() + " could not bridge its NICs: "
                            + bridged.outcome() + " " + bridged.stderrText());
                }
                log.accept("forwarding guest " + guest.vm.name() + ": " + bridged.stdoutText().trim().replace('\n', ','));
            }
            log.accept(running.size() + " QEMU guest(s) forwarding after " + Duration.between(start, Instant.now())
                    .toMillis() + " ms");
            return stop;
        } catch (RuntimeException e) {
            try {
                stop.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof ForwardingFailedException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new ForwardingFailedException("starting the forwarding guests of " + topology.deployment() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static void stopAll(List<RunningGuest> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }

    private static final class RunningGuest {
        final GuestNics nics;
        final ForwardingVm vm;
        final Map<Port, String> taps;
        Node ssh;

        RunningGuest(GuestNics nics, ForwardingVm vm, Map<Port, String> taps) {
            this.nics = nics;
            this.vm = vm;
            this.taps = Map.copyOf(taps);
        }

        void close() {
            if (ssh != null) {
                ssh.close();
            }
            vm.close();
        }
    }

    @Override
    public String toString() {
        return "QEMU guests on " + host;
    }
}
