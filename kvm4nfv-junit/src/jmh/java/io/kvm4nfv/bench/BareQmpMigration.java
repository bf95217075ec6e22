package io.kvm4nfv.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.lab.GuestImage;
import io.kvm4nfv.lab.GuestOptions;
import io.kvm4nfv.lab.LabPaths;
import io.kvm4nfv.lab.QemuCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of a live migration: what it costs with nothing of ours in the way. Two QEMUs
 * of the lab's guest image, started from the same command line the lab would use (the
 * destination with {@code -incoming defer}), driven by raw QMP lines over their UNIX sockets:
 * {@code qmp_capabilities}, {@code migrate-set-parameters}, {@code migrate-incoming},
 * {@code migrate}, {@code query-migrate} every 10 ms. Nothing runs in the guest but its init.
 * No class of the library's migration code is used; only the QEMU command line is shared, so
 * both sides migrate the same machine.
 */
final class BareQmpMigration implements AutoCloseable {

    /** One leg: QEMU's own figures and the wall clock from the destination's start to it running the guest. */
    record Leg(long totalMs, long downtimeMs, long setupMs, double migrateToCompletedMs, double endToEndMs,
               long transferredBytes, String ram) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);

    private final GuestImage image;
    private final String cpus;
    private final GuestOptions template;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Process running;
    private Path runningQmp;
    private int next;

    private BareQmpMigration(GuestImage image, String cpus, GuestOptions template, Path dir) {
        this.image = image;
        this.cpus = cpus;
        this.template = template;
        this.dir = dir;
    }

    /**
     * Boots the source QEMU and waits for the guest's console ready marker, then lets it settle.
     * {@code cpus}: every QEMU runs under {@code taskset -c cpus}, as the pod pins its guests'
     * QEMUs ({@code cpus.vcpu}); empty: not pinned.
     */
    static BareQmpMigration boot(GuestImage image, String cpus, GuestOptions template, Path dir, Duration settle)
            throws Exception {
        BareQmpMigration m = new BareQmpMigration(image, cpus, template, dir);
        GuestOptions o = m.options(false);
        m.running = m.start(o);
        m.runningQmp = o.qmpSocket();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (!Files.exists(o.consoleLog()) || !Files.readString(o.consoleLog()).contains(QemuCommand.READY_MARKER)) {
            if (System.nanoTime() > deadline || !m.running.isAlive()) {
                m.close();
                throw new IllegalStateException("bare QEMU did not boot to its ready marker: " + o.consoleLog());
            }
            Thread.sleep(20);
        }
        Thread.sleep(settle.toMillis());
        return m;
    }

    /**
     * Migrates the running QEMU to a fresh one on this machine ({@code preallocate}: with
     * {@code -mem-prealloc}); {@code downtimeLimitMs <= 0}: QEMU's default parameters.
     */
    Leg migrate(long downtimeLimitMs, long maxBandwidthBytesPerSecond, boolean preallocate) throws Exception {
        long t0 = System.nanoTime();
        GuestOptions o = options(true);
        if (preallocate) {
            o = o.withExtraArgs(List.of("-mem-prealloc"));
        }
        Process destination = start(o);
        try (Qmp src = Qmp.connect(runningQmp); Qmp dst = Qmp.connect(o.qmpSocket())) {
            dst.execute("{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:0\"}}");
            int port = dst.execute("{\"execute\":\"query-migrate\"}").path("socket-address").get(0).path("port").asInt();
            if (downtimeLimitMs > 0) { // else QEMU's defaults (300 ms, 128 MiB/s)
                src.execute("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"downtime-limit\":"
                        + downtimeLimitMs + ",\"max-bandwidth\":" + maxBandwidthBytesPerSecond + "}}");
            }
            long tMigrate = System.nanoTime();
            src.execute("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.1:" + port + "\"}}");
            JsonNode info;
            while (true) {
                info = src.execute("{\"execute\":\"query-migrate\"}");
                String status = info.path("status").asText();
                if (status.equals("completed") && info.path("total-time").asLong() > 0 && info.has("downtime")) {
                    break;
                }
                if (status.equals("failed") || status.equals("cancelled")) {
                    throw new IllegalStateException("bare migration " + status + ": " + info);
                }
                Thread.sleep(10);
            }
            double completed = (System.nanoTime() - tMigrate) / 1e6;
            while (!dst.execute("{\"execute\":\"query-status\"}").path("status").asText().equals("running")) {
                Thread.sleep(5);
            }
            double endToEnd = (System.nanoTime() - t0) / 1e6;
            stop(running);
            running = destination;
            runningQmp = o.qmpSocket();
            return new Leg(info.path("total-time").asLong(), info.path("downtime").asLong(),
                    info.path("setup-time").asLong(), completed, endToEnd,
                    info.path("ram").path("transferred").asLong(), info.path("ram").toString());
        }
    }

    private GuestOptions options(boolean incoming) throws IOException {
        Path d = Files.createDirectories(dir.resolve("q" + next++));
        GuestOptions o = new GuestOptions(template.name(), template.vcpus(), template.memoryKb(),
                template.accelerator(), LabPaths.freeLoopbackPort(), template.authorizedKey(), d.resolve("qmp.sock"),
                d.resolve("console.log"), d.resolve("qemu.pid"), List.of(), false, template.firmware());
        return incoming ? o.asIncoming() : o;
    }

    private Process start(GuestOptions o) throws IOException {
        Path log = o.consoleLog().resolveSibling("qemu.log");
        List<String> argv = new ArrayList<>();
        if (!cpus.isEmpty()) {
            argv.addAll(List.of("taskset", "-c", cpus));
        }
        argv.addAll(QemuCommand.of(image, o).argv());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                stop(p);
            }
        }
    }

    /** A QMP monitor as raw lines: greeting, {@code qmp_capabilities}, then one command at a time. */
    private static final class Qmp implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader in;

        private Qmp(SocketChannel channel) {
            this.channel = channel;
            this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        }

        static Qmp connect(Path socket) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    c.connect(UnixDomainSocketAddress.of(socket));
                    Qmp q = new Qmp(c);
                    q.in.readLine(); // greeting
                    q.execute("{\"execute\":\"qmp_capabilities\"}");
                    return q;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(10);
                }
            }
        }

        /** Sends one command and returns its {@code return} (events in between are skipped). */
        JsonNode execute(String command) throws IOException {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("QMP closed after " + command);
                }
                JsonNode n = JSON.readTree(line);
                if (n.has("error")) {
                    throw new IOException(command + ": " + n.get("error"));
                }
                if (n.has("return")) {
                    return n.get("return");
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
