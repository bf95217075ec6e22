package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.lab.Accelerator;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.GuestImage;
import io.kvm4nfv.lab.GuestOptions;
import io.kvm4nfv.lab.GuestVm;
import io.kvm4nfv.lab.KnownHostsFile;
import io.kvm4nfv.lab.LabPaths;
import io.kvm4nfv.lab.LabResource;
import io.kvm4nfv.lab.QemuLauncher;
import io.kvm4nfv.lab.Reaper;
import io.kvm4nfv.lab.SshKeys;
import io.kvm4nfv.node.ExecOptions;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Real QEMU guests on the embedded lab's forwarding path (pvp, pvvp, pvpv): one VM per guest
 * of the {@link Topology}, booted from the lab's {@link GuestImage}, each with
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
 * registered with the lab's {@link Reaper} when one is given, so it never outlives the JVM (it
 * also carries the lab's marker {@code K4N_RUN=<prefix>}). {@link #attach} stops whatever it
 * started when it fails.
 * Single-NIC guests are not supported (a bridge does not send a frame back out of its port).
 */
public final class QemuGuestForwarders implements GuestForwarders {

    /** RAM of a forwarding guest: the initramfs plus bridge buffers fit in far less than the lab's default. */
    public static final long DEFAULT_MEMORY_KB = 192 * 1024;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MAX_LINK_NAME = 15;

    private final GuestImage image;
    private final Accelerator accelerator;
    private final Path clientKey;
    private final Path knownHosts;
    private final Path workDir;
    private final Reaper reaper;
    private final Duration bootTimeout;
    private final long memoryKb;
    private final Consumer<String> log;
    private final QemuLauncher launcher = new QemuLauncher();

    /**
     * @param image       the guest image to boot
     * @param accelerator KVM or TCG
     * @param clientKey   private key whose public half ({@code .pub} next to it) root in the guests accepts
     * @param knownHosts  known_hosts file the guests' host key is written to (checked strictly)
     * @param workDir     where consoles, QMP sockets and pid files go (a short path: UNIX sockets)
     * @param reaper      registers every QEMU so nothing outlives the JVM, or {@code null}
     * @param bootTimeout how long a guest may take to answer SSH
     * @param memoryKb    RAM per guest
     * @param log         receives progress lines, may be {@code null}
     */
    public QemuGuestForwarders(GuestImage image, Accelerator accelerator, Path clientKey, Path knownHosts,
                               Path workDir, Reaper reaper, Duration bootTimeout, long memoryKb, Consumer<String> log) {
        this.image = Objects.requireNonNull(image, "image");
        this.accelerator = Objects.requireNonNull(accelerator, "accelerator");
        this.clientKey = Objects.requireNonNull(clientKey, "clientKey");
        this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.reaper = reaper;
        this.bootTimeout = Objects.requireNonNull(bootTimeout, "bootTimeout");
        this.memoryKb = memoryKb;
        this.log = log == null ? line -> { } : log;
    }

    /** Guests of the embedded lab: its image, accelerator, client key, known_hosts, socket folder and reaper. */
    public static QemuGuestForwarders of(EmbeddedLab lab, Duration bootTimeout, Consumer<String> log) {
        return new QemuGuestForwarders(lab.image(), lab.accelerator(), lab.directory().clientKey(),
                lab.directory().knownHosts(), lab.directory().socketDir(), lab.reaper(), bootTimeout,
                DEFAULT_MEMORY_KB, log);
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
        for (GuestNics g : topology.guests()) {
            if (g.nicCount() == 1) {
                throw new IllegalArgumentException("QEMU guests on the embedded lab bridge NIC pairs; VM " + g.vm()
                        + " has a single NIC (GUEST_NICS_NR " + topology.guestNicsNr() + ")");
            }
        }
        int sequence = SEQUENCE.getAndIncrement();
        long pid = ProcessHandle.current().pid();
        String authorizedKey = SshKeys.publicKeyLine(SshKeys.publicKeyOf(clientKey));
        List<RunningGuest> running = new ArrayList<>();
        Attachment stop = new Attachment() {
            @Override
            public java.util.Optional<String> problem() {
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
                Map<Port, String> taps = new java.util.LinkedHashMap<>();
                for (Port port : g.ports()) {
                    taps.put(port, tapName(pid, sequence, port));
                }
                String name = prefix + "vm" + g.vm();
                int sshPort = LabPaths.freeLoopbackPort();
                Path dir = workDir.toAbsolutePath();
                GuestOptions options = new GuestOptions(name, 1, memoryKb, accelerator, sshPort, authorizedKey,
                        dir.resolve(name + ".qmp"), dir.resolve(name + "-console.log"), dir.resolve(name + ".pid"),
                        nicArgs(g, taps), false, GuestOptions.defaults(name, dir, sshPort, authorizedKey, accelerator)
                        .firmware());
                // before QEMU exists: its taps (in the root namespace until moved), its pidfile, its monitor
                for (String tap : taps.values()) {
                    lab.register(LabResource.link(lab.owner(), null, tap));
                }
                lab.register(LabResource.pidFile(lab.owner(), options.pidFile().toString()));
                lab.register(LabResource.socket(lab.owner(), options.qmpSocket().toString()));
                Map<String, String> environment = new java.util.HashMap<>(Map.of(NetnsForwardingLab.RUN_MARKER, prefix));
                if (reaper != null) {
                    environment.putAll(reaper.marker());  // the reaper's from its first instruction
                }
                GuestVm vm = launcher.launch(image, options, environment);
                RunningGuest guest = new RunningGuest(g, vm, taps);
                running.add(guest);
                lab.records().record("qemu-" + name, vm.pid(), ProcessRecords.Kind.PROCESS);
                if (reaper != null) {
                    guest.registration = reaper.register("forwarding guest " + name, vm.pid());
                }
            }
            for (RunningGuest guest : running) {
                Duration waited = guest.vm.awaitSshReady(bootTimeout);
                log.accept("forwarding guest " + guest.vm.name() + " up after " + waited.toMillis() + " ms ("
                        + accelerator + ", ssh 127.0.0.1:" + guest.vm.sshPort() + ")");
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
                KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern("127.0.0.1", guest.vm.sshPort()),
                        image.hostKeyLine());
                guest.ssh = new SshNode(new SshTarget(guest.vm.name(), "127.0.0.1", guest.vm.sshPort(), "root",
                        clientKey, knownHosts, HostKeyPolicy.STRICT, null, Duration.ofSeconds(15), null)).connect();
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
        final GuestVm vm;
        final Map<Port, String> taps;
        Reaper.Registration registration;
        SshNode ssh;

        RunningGuest(GuestNics nics, GuestVm vm, Map<Port, String> taps) {
            this.nics = nics;
            this.vm = vm;
            this.taps = Map.copyOf(taps);
        }

        void close() {
            if (ssh != null) {
                ssh.close();
            }
            vm.stop();
            if (registration != null) {
                registration.close();
            }
        }
    }

    @Override
    public String toString() {
        return "QEMU guests (" + accelerator + ", " + image.kernelVersion() + ")";
    }
}
