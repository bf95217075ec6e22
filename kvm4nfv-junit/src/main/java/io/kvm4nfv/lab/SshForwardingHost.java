package io.kvm4nfv.lab;

import io.kvm4nfv.node.DetachedProcess;
import io.kvm4nfv.node.ExecResult;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.Shell;
import io.kvm4nfv.node.SshNode;
import io.kvm4nfv.node.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * Forwarding VMs on a real pod's host, over its SSH connection. What they boot is the lab's own
 * guest image ({@link GuestImageBuilder}, built on this machine and cached), uploaded once per lab
 * into a folder {@code /tmp/k4n-vm-<random>/} on the host — the image the library controls: its init
 * takes root's key from the kernel command line, its SSH host key is baked in (so the guest is
 * checked strictly) and it has the virtio modules and {@code ip} the forwarding needs. Each QEMU
 * is started detached ({@link DetachedProcess}) with its QMP socket, console, pid file and log in
 * that folder and its SSH forwarded from the host's {@code 127.0.0.1}; the guest is reached through
 * the host's SSH connection (a tunnel to that port). The accelerator is {@code kvm} when the host's
 * {@code /dev/kvm} is usable, unless {@value Accelerator#OVERRIDE_PROPERTY} forces one.
 * {@link #close()} stops what still runs and removes the folder. There is no reaper on a remote
 * host: {@link #resources()} registers nothing. The folder names its owner ({@link OwnerFile}: the
 * SSH session, {@link #ownerPid()}); the first VM of a later lab removes the folders of dead owners
 * (their QEMUs are stopped before, by the forwarding path's sweep of dead runs, which recorded them).
 */
final class SshForwardingHost implements ForwardingHost, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SshForwardingHost.class);
    private static final Duration SHORT = Duration.ofSeconds(30);
    /** Every folder of forwarding VMs on a host: this plus a random suffix. */
    static final String FOLDER_ROOT = "/tmp/k4n-vm-";

    private final SshNode host;
    private final Path privateDir;
    private final Duration uploadTimeout;
    private final List<DetachedProcess> started = new ArrayList<>();
    private GuestImage local;
    private GuestImage remote;
    private String remoteDir;
    private Accelerator accelerator;
    private Path firmware;
    private GuestLogin login;
    private Long ownerPid;

    /**
     * @param host          the host's connection
     * @param privateDir    a folder of the lab on this machine (the image build log, the guests' key and known_hosts)
     * @param uploadTimeout bound of the image upload
     */
    SshForwardingHost(SshNode host, Path privateDir, Duration uploadTimeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.privateDir = Objects.requireNonNull(privateDir, "privateDir");
        this.uploadTimeout = Objects.requireNonNull(uploadTimeout, "uploadTimeout");
    }

    @Override
    public Node node() {
        return host;
    }

    @Override
    public LabResources resources() {
        return LabResources.none();
    }

    /** The session process of the host's SSH connection ({@code $PPID} of a command: {@code sshd}). */
    @Override
    public synchronized long ownerPid() {
        if (ownerPid == null) {
            String out = host.exec("echo $PPID $(cat /proc/$PPID/comm)", SHORT).requireSuccess().stdoutText().trim();
            String[] parts = out.split("\\s+");
            ownerPid = Long.parseLong(parts[0]);
            if (parts.length < 2 || !parts[1].startsWith("sshd")) {
                LOG.warn("{}: the parent of a command is {}, not the SSH session: a crashed run's forwarding path"
                        + " there is swept only once that process ends", host.name(), out);
            }
        }
        return ownerPid;
    }

    private synchronized void prepare() {
        if (remote != null) {
            return;
        }
        local = GuestImageBuilder.fromConfigDir(privateDir.resolve("guest-image.log")).build();
        Path clientKey = privateDir.resolve("fwd_ed25519");
        SshKeys.ensureEd25519(clientKey, "kvm4nfv-forwarding");
        login = GuestLogin.of(local, clientKey, privateDir.resolve("fwd_known_hosts"));
        String swept = host.exec(OwnerFile.aliveFunction() + "for d in " + FOLDER_ROOT + "*; do"
                + " [ -f \"$d/owner\" ] || continue; k4n_owner_alive \"$d/owner\" && continue; rm -rf \"$d\" && echo \"$d\";"
                + " done; true", SHORT).stdoutText().trim();
        if (!swept.isEmpty()) {
            LOG.info("{}: removed the forwarding VM folders of dead runs: {}", host.name(), swept.replace('\n', ' '));
        }
        String dir = FOLDER_ROOT + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        host.exec("mkdir -m 700 " + Shell.quote(dir) + " && " + OwnerFile.writeCommand(ownerPid(), dir + "/owner"),
                SHORT).requireSuccess();
        remoteDir = dir;
        long t0 = System.nanoTime();
        String kernel = dir + "/" + local.kernel().getFileName();
        String initrd = dir + "/" + local.initrd().getFileName();
        host.upload(local.kernel(), kernel, uploadTimeout);
        host.upload(local.initrd(), initrd, uploadTimeout);
        remote = new GuestImage(Path.of(dir), Path.of(kernel), Path.of(initrd), local.kernelUncompressed(),
                local.contentHash(), local.kernelVersion(), local.hostKey());
        accelerator = Accelerator.forced().orElseGet(() -> host.exec("test -r /dev/kvm && test -w /dev/kvm", SHORT)
                .succeeded() ? Accelerator.KVM : Accelerator.TCG);
        firmware = host.exec("test -f " + GuestOptions.QBOOT, SHORT).succeeded() ? GuestOptions.QBOOT : null;
        LOG.info("{}: guest image {} uploaded to {} in {} ms; forwarding guests run under {}", host.name(),
                local.kernelVersion(), dir, (System.nanoTime() - t0) / 1_000_000, accelerator);
    }

    @Override
    public ForwardingVm launch(ForwardingVmSpec spec, Consumer<LabResource> registerFirst) {
        prepare();
        String authorizedKey = login.authorizedKey();
        String name = spec.name();
        int sshPort = freePort();
        Path dir = Path.of(remoteDir);
        GuestOptions options = new GuestOptions(name, 1, spec.memoryKb(), accelerator, sshPort, authorizedKey,
                dir.resolve(name + ".qmp"), dir.resolve(name + ".console"), dir.resolve(name + ".pid"),
                spec.nicArgs(), false, firmware);
        registerFirst.accept(LabResource.pidFile(spec.owner(), options.pidFile().toString()));
        registerFirst.accept(LabResource.socket(spec.owner(), options.qmpSocket().toString()));
        List<String> argv = new ArrayList<>(List.of("env"));
        spec.environment().forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(QemuCommand.of(remote, options).argv());
        String log = remoteDir + "/" + name + ".log";
        DetachedProcess qemu = DetachedProcess.start(host, argv, log);
        synchronized (this) {
            started.add(qemu);
        }
        LOG.info("forwarding guest {}: QEMU pid {} on {} ({}, {} KiB, ssh 127.0.0.1:{} there)", name, qemu.pgid(),
                host.name(), accelerator, spec.memoryKb(), sshPort);
        return new RemoteVm(name, qemu, options, log);
    }

    /** A TCP port nobody listens on at the host's loopback. */
    private int freePort() {
        String script = "used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://'); "
                + "for i in $(seq 50); do p=$(( (RANDOM * 32768 + RANDOM) % 30000 + 20000 )); "
                + "echo \"$used\" | grep -qx \"$p\" || { echo $p; exit 0; }; done; exit 1";
        return Integer.parseInt(host.exec("bash -c " + Shell.quote(script), SHORT).requireSuccess().stdoutText().trim());
    }

    private final class RemoteVm implements ForwardingVm {
        private final String name;
        private final DetachedProcess qemu;
        private final GuestOptions options;
        private final String log;

        RemoteVm(String name, DetachedProcess qemu, GuestOptions options, String log) {
            this.name = name;
            this.qemu = qemu;
            this.options = options;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long pid() {
            return qemu.pgid();
        }

        @Override
        public boolean isAlive() {
            return qemu.alive();
        }

        @Override
        public Duration awaitReady(Duration timeout) {
            long start = System.nanoTime();
            String console = Shell.quote(options.consoleLog().toString());
            ExecResult r = host.exec("n=0; while [ $n -lt " + timeout.toMillis() / 200 + " ]; do grep -q "
                    + QemuCommand.READY_MARKER + " " + console + " 2>/dev/null && exit 0; kill -0 " + qemu.pgid()
                    + " 2>/dev/null || exit 2; sleep 0.2; n=$((n+1)); done; exit 1", timeout.plusSeconds(10));
            if (!r.succeeded()) {
                String tail = host.exec("tail -n 5 " + console + " " + Shell.quote(log) + " 2>/dev/null; true", SHORT)
                        .stdoutText();
                throw new GuestStartException("forwarding guest " + name + " on " + host.name()
                        + (r.exitStatus() != null && r.exitStatus() == 2 ? ": QEMU exited before SSH was ready"
                        : " did not start SSH within " + timeout) + ":\n" + tail);
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }

        @Override
        public Node connect() {
            SshTarget target = login.target(name, options.sshHostPort(), host.target(), Duration.ofSeconds(15));
            SshNode[] connected = new SshNode[1];
            await("forwarding guest " + name + " to accept SSH through " + host.name()).atMost(30, TimeUnit.SECONDS)
                    .pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
                    .until(() -> (connected[0] = new SshNode(target).connect()) != null);
            return connected[0];
        }

        @Override
        public String sshAddress() {
            return "127.0.0.1:" + options.sshHostPort() + " on " + host.name() + ", " + accelerator;
        }

        @Override
        public void close() {
            try {
                qemu.stop(Duration.ofSeconds(5));
            } finally {
                host.exec("rm -f " + Shell.quote(options.qmpSocket().toString()) + " "
                        + Shell.quote(options.consoleLog().toString()) + " " + Shell.quote(options.pidFile().toString())
                        + " " + Shell.quote(log), SHORT);
                synchronized (SshForwardingHost.this) {
                    started.remove(qemu);
                }
            }
        }
    }

    /** Stops every QEMU still running and removes the uploaded image and the guests' files. */
    @Override
    public synchronized void close() {
        for (DetachedProcess qemu : List.copyOf(started)) {
            try {
                qemu.stop(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", qemu, e.toString());
            }
        }
        started.clear();
        if (remoteDir != null) {
            host.exec("rm -rf " + Shell.quote(remoteDir), SHORT);
            remoteDir = null;
            remote = null;
        }
    }

    @Override
    public String toString() {
        return "QEMU guests on " + host.name() + (accelerator == null ? "" : " (" + accelerator + ")");
    }
}
