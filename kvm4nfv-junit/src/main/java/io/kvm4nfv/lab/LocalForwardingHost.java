package io.kvm4nfv.lab;

import io.kvm4nfv.node.HostKeyPolicy;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Forwarding VMs on this machine: QEMU as child processes of the JVM ({@link QemuLauncher}),
 * booted from the lab's {@link GuestImage}, each registered with the lab's {@link Reaper} when
 * one is given, so that none outlives the JVM. What the embedded lab's host is.
 */
public final class LocalForwardingHost implements ForwardingHost {

    private final Node node;
    private final GuestImage image;
    private final Accelerator accelerator;
    private final Path clientKey;
    private final Path knownHosts;
    private final Path workDir;
    private final Reaper reaper;
    private final QemuLauncher launcher = new QemuLauncher();

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
        this.node = Objects.requireNonNull(node, "node");
        this.image = Objects.requireNonNull(image, "image");
        this.accelerator = Objects.requireNonNull(accelerator, "accelerator");
        this.clientKey = Objects.requireNonNull(clientKey, "clientKey");
        this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.reaper = reaper;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public LabResources resources() {
        return reaper == null ? LabResources.none() : reaper;
    }

    @Override
    public long ownerPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public ForwardingVm launch(ForwardingVmSpec spec, Consumer<LabResource> registerFirst) {
        String authorizedKey = SshKeys.publicKeyLineOf(clientKey);
        int sshPort = LabPaths.freeLoopbackPort();
        Path dir = workDir.toAbsolutePath();
        String name = spec.name();
        GuestOptions options = new GuestOptions(name, 1, spec.memoryKb(), accelerator, sshPort, authorizedKey,
                dir.resolve(name + ".qmp"), dir.resolve(name + "-console.log"), dir.resolve(name + ".pid"),
                spec.nicArgs(), false, java.nio.file.Files.isRegularFile(GuestOptions.QBOOT) ? GuestOptions.QBOOT : null);
        registerFirst.accept(LabResource.pidFile(spec.owner(), options.pidFile().toString()));
        registerFirst.accept(LabResource.socket(spec.owner(), options.qmpSocket().toString()));
        Map<String, String> environment = new HashMap<>(spec.environment());
        if (reaper != null) {
            environment.putAll(reaper.marker());  // the reaper's from its first instruction
        }
        GuestVm vm = launcher.launch(image, options, environment);
        Reaper.Registration registration = reaper == null ? null : reaper.register("forwarding guest " + name, vm.pid());
        return new LocalVm(vm, registration);
    }

    private final class LocalVm implements ForwardingVm {
        private final GuestVm vm;
        private final Reaper.Registration registration;

        LocalVm(GuestVm vm, Reaper.Registration registration) {
            this.vm = vm;
            this.registration = registration;
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
            KnownHostsFile.put(knownHosts, KnownHostsFile.hostPattern("127.0.0.1", vm.sshPort()), image.hostKeyLine());
            return new SshNode(new SshTarget(vm.name(), "127.0.0.1", vm.sshPort(), "root", clientKey, knownHosts,
                    HostKeyPolicy.STRICT, null, Duration.ofSeconds(15), null)).connect();
        }

        @Override
        public String sshAddress() {
            return "127.0.0.1:" + vm.sshPort() + " (" + accelerator + ")";
        }

        @Override
        public void close() {
            vm.stop();
            if (registration != null) {
                registration.close();
            }
        }
    }

    @Override
    public String toString() {
        return "QEMU guests on " + node.name() + " (" + accelerator + ", " + image.kernelVersion() + ")";
    }
}
