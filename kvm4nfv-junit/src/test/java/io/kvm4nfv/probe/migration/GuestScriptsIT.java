package io.kvm4nfv.probe.migration;

import io.kvm4nfv.result.HeartbeatReport;
import io.kvm4nfv.result.IntegrityReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the guest scripts with busybox sh on this machine (as the guest would, minus the tmpfs
 * mount) to prove they detect what they are meant to detect.
 */
class GuestScriptsIT {

    private Path dir;
    private Path integrity;
    private Path heartbeat;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "k4ng");
        integrity = dir.resolve("integrity.sh");
        heartbeat = dir.resolve("heartbeat.sh");
        Files.writeString(integrity, GuestScripts.integrityScript());
        Files.writeString(heartbeat, GuestScripts.heartbeatScript());
    }

    @AfterEach
    void tearDown() throws Exception {
        // a test that failed before verify leaves the writer running: stop it, then remove its files
        sh("p=$(cat " + dir.resolve("mem/writer.pid") + " 2>/dev/null) && kill -TERM $p 2>/dev/null; rm -rf " + dir);
    }

    /** The generation a dynamic block holds ("g0000000042 b000000 ..." → 42), or -1 while it is being rewritten. */
    private static long generation(Path block) throws java.io.IOException {
        try (java.io.InputStream in = Files.newInputStream(block)) {
            String head = new String(in.readNBytes(11), StandardCharsets.US_ASCII);
            return head.matches("g\\d{10}") ? Long.parseLong(head.substring(1)) : -1;
        }
    }

    private static String sh(String command) throws Exception {
        Process p = new ProcessBuilder("busybox", "sh", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private String prepare() throws Exception {
        return sh("INTEGRITY_NO_MOUNT=1 " + GuestScripts.integrityPrepare(integrity.toString(),
                dir.resolve("mem").toString(), 6, 16));
    }

    private IntegrityReport verify(String sums) throws Exception {
        return GuestScripts.parseIntegrity(sh(GuestScripts.integrityVerify(integrity.toString(),
                dir.resolve("mem").toString(), sums)));
    }

    private void runWriterBriefly() throws Exception {
        sh(GuestScripts.integrityWriter(integrity.toString(), dir.resolve("mem").toString()));
        Path pid = dir.resolve("mem/writer.pid");
        await().atMost(5, TimeUnit.SECONDS).until(() -> Files.exists(pid));
        // let it pass a few generations (on a quiet machine it writes hundreds per second:
        // wait for "at least 3", never for exactly 3)
        await().atMost(10, TimeUnit.SECONDS).until(() -> generation(dir.resolve("mem/dyn.0")) >= 3);
    }

    @Test
    void intactMemoryPasses() throws Exception {
        String sums = prepare();
        assertThat(sums.lines()).hasSize(6).allMatch(l -> l.matches("[0-9a-f]{32}  static\\.\\d"));
        runWriterBriefly();
        IntegrityReport r = verify(sums);
        assertThat(r.failures()).isEmpty();
        assertThat(r.blocksChecked()).isEqualTo(12);
        assertThat(r.intact()).isTrue();
        assertThat(dir.resolve("mem/writer.pid")).doesNotExist();
    }

    @Test
    void aStalePageInsideABlockIsDetected() throws Exception {
        String sums = prepare();
        runWriterBriefly();
        sh("kill -TERM $(cat " + dir.resolve("mem/writer.pid") + "); sleep 1");
        // one 4 KiB page of block 2 goes back to generation 0: the migration "lost" a write
        String old = String.format("g%010d b%06d %-43s\n", 0, 2, "kvm4nfv-integrity").repeat(64);
        byte[] page = old.getBytes(StandardCharsets.US_ASCII);
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("mem/dyn.2"),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(page), 8192);
        }
        IntegrityReport r = verify(sums);
        assertThat(r.intact()).isFalse();
        assertThat(r.failures()).containsExactly("dyn.2 holds 2 distinct lines (torn or stale pages)");
    }

    @Test
    void aWholeBlockLeftAtAnOlderGenerationIsDetected() throws Exception {
        String sums = prepare();
        runWriterBriefly();
        sh("kill -TERM $(cat " + dir.resolve("mem/writer.pid") + "); sleep 1");
        String old = String.format("g%010d b%06d %-43s\n", 0, 4, "kvm4nfv-integrity").repeat(16 * 16);
        Files.writeString(dir.resolve("mem/dyn.4"), old);
        IntegrityReport r = verify(sums);
        assertThat(r.intact()).isFalse();
        assertThat(r.failures()).singleElement().asString().contains("dyn.4").contains("lost write");
    }

    @Test
    void aChangedStaticBlockIsDetected() throws Exception {
        String sums = prepare();
        sh("printf X | dd of=" + dir.resolve("mem/static.5") + " bs=1 seek=100 conv=notrunc 2>/dev/null");
        IntegrityReport r = verify(sums);
        assertThat(r.failures()).containsExactly("static.5 checksum changed");
    }

    @Test
    void aSilentCheckerIsAFailure() {
        assertThat(GuestScripts.parseIntegrity("sh: can't open integrity.sh\n").intact()).isFalse();
        assertThat(GuestScripts.parseIntegrity("checked 3\nINTEGRITY OK\n").intact()).isTrue();
    }

    @Test
    void heartbeatScriptFeedsTheMonitorAndAPausedGuestShowsAsAGap() throws Exception {
        try (HeartbeatMonitor m = HeartbeatMonitor.tcp(0)) {
            // setsid: the script and its pipeline form one process group we can pause like a stopped vCPU
            Process p = new ProcessBuilder("setsid", "busybox", "sh", heartbeat.toString(),
                    "127.0.0.1:" + m.port(), "2000").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("hb.log").toFile()).start();
            long pgid = p.pid();
            try {
                await().atMost(10, TimeUnit.SECONDS).until(() -> m.beats() >= 20);
                long from = System.nanoTime();
                Thread.sleep(50);
                sh("kill -STOP -" + pgid);
                Thread.sleep(200);
                sh("kill -CONT -" + pgid);
                long resumedAt = m.beats();
                await().atMost(10, TimeUnit.SECONDS).until(() -> m.beats() >= resumedAt + 20);
                HeartbeatReport r = m.report(from, System.nanoTime());
                assertThat(r.largestGapMs()).isBetween(190.0, 2000.0);
                assertThat(r.medianIntervalMs()).isLessThan(50.0);
                assertThat(r.missingSequence()).isZero();
            } finally {
                sh("kill -KILL -" + pgid + " 2>/dev/null; true");
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void workloadLoopIsDetachedAndSized() {
        String cmd = GuestScripts.workload(Workload.forwardingLike());
        assertThat(cmd).startsWith("setsid ").endsWith("&").contains("count=4096").contains("usleep 40000");
        assertThat(GuestScripts.workload(Workload.idle())).isEmpty();
        assertThat(List.of(GuestScripts.heartbeat("/root/hb.sh", "/dev/ttyS1", 1000)))
                .singleElement().asString().startsWith("setsid sh /root/hb.sh /dev/ttyS1 1000");
    }
}
