package io.kvm4nfv.lab;

import io.kvm4nfv.lab.LocalGuests.LocalQemu;
import io.kvm4nfv.node.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Forwarding VMs on this machine, started as the embedded lab starts its guests ({@link LocalGuests}):
 * QEMU as child processes of the JVM, booted from the lab's {@link GuestImage}, each registered with
 * the lab's {@link Reaper} when one is given, so that none outlives the JVM. What the embedded lab's
 * host is.
 */
public final class LocalForwardingHost implements ForwardingHost {

    private final Node node;
    private final LocalGuests guests;
    private final Accelerator accelerator;
    private final Path workDir;

    /**
     * @param node        this machine as a node (local, or SSH to loopback)
     * @param image       the guest image to boot
     * @param accelerator KVM or TCG
     * @param clientKey   private key whose public half ({@code .pub} next to it) root in the guests accepts
     * @param knownHosts  known_hosts file the guests' host key is written to (checked strictly)
     * @param workDir     where consoles, QMP sockets and pid files go (a short path: UNIX sockets)
     * @param reaper      registers every QEMU and file so nothing outlives the JVM, or {@code null}
     */
    public LocalForwardingHost(Node node, GuestImage image, Accelerator accelerator, Path clientKey, Path knownHosts,
                               Path workDir, Reaper reaper) {
        this(node, new LocalGuests(image, GuestLogin.of(image, Objects.requireNonNull(clientKey, "clientKey"),
                Objects.requireNonNull(knownHosts, "knownHosts")), reaper), accelerator, workDir);
    }

    /** The forwarding VMs of a lab whose guests are {@code guests}. */
    LocalForwardingHost(Node node, LocalGuests guests, Accelerator accelerator, Path workDir) {
        this.node = Objects.requireNonNull(node, "node");
        this.guests = Objects.requireNonNull(guests, "guests");
        this.accelerator = Objects.requireNonNull(accelerator, "accelerator");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public LabResources resources() {
        return guests.resources();
    }

    @Override
    public long ownerPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public ForwardingVm launch(ForwardingVmSpec spec, Consumer<LabResource> registerFirst) {
        int sshPort = LabPaths.freeLoopbackPort();
        Path dir = workDir.toAbsolutePath();
        String name = spec.name();
        GuestOptions options = new GuestOptions(name, 1, spec.memoryKb(), accelerator, sshPort,
                guests.login().authorizedKey(), dir.resolve(name + ".qmp"), dir.resolve(name + "-console.log"),
                dir.resolve(name + ".pid"), spec.nicArgs(), false,
                java.nio.file.Files.isRegularFile(GuestOptions.QBOOT) ? GuestOptions.QBOOT : null);
        registerFirst.accept(LabResource.pidFile(spec.owner(), options.pidFile().toString()));
        registerFirst.accept(LabResource.socket(spec.owner(), options.qmpSocket().toString()));
        return new LocalVm(guests.start(options, spec.environment(), "forwarding guest " + name));
    }

    private final class LocalVm implements ForwardingVm {
        private final LocalQemu qemu;
        private final GuestVm vm;

        LocalVm(LocalQemu qemu) {
            this.qemu = qemu;
            this.vm = qemu.vm();
        }

        @Override
        public String name() {
            return vm.name();
        }

        @Override
        public long pid() {
            return vm.pid();
        }

        @Override
        public boolean isAlive() {
            return vm.isAlive();
        }

        @Override
        public Duration awaitReady(Duration timeout) {
            return vm.awaitSshReady(timeout);
        }

        @Override
        public Node connect() {
            return guests.login().connect(vm.name(), vm.sshPort(), Duration.ofSeconds(15));
        }

        @Override
        public String sshAddress() {
            return "127.0.0.1:" + vm.sshPort() + " (" + accelerator + ")";
        }

        @Override
        public void close() {
            qemu.close();
        }
    }

    @Override
    public String toString() {
        return "QEMU guests on " + node.name() + " (" + accelerator + ", " + guests.image().kernelVersion() + ")";
    }
}
