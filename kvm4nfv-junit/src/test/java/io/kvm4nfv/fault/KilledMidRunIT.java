package io.kvm4nfv.fault;

import io.kvm4nfv.junit.Kvm4nfvTest;
import io.kvm4nfv.junit.PacketForwarding;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.probe.migration.GuestMigration;
import io.kvm4nfv.probe.migration.MigrationDestination;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.probe.migration.QmpClient;
import io.kvm4nfv.probe.migration.StreamQmpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault: the test JVM is killed with {@code kill -9} in the middle of a packet forwarding test
 * (pvvp: two QEMU guests in series, OVS, traffic flowing) and in the middle of a live migration
 * (the source stopped, the destination not yet resumed). Within 5 s nothing of the run may be
 * left: no process, network namespace, link, OVS bridge, folder or socket ({@link RunFootprint},
 * listed before the kill and again after). The latency case is {@link JvmKilledIT}.
 */
class KilledMidRunIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    /** Run in the child JVM: pvvp at 64 B for two minutes, killed while sockperf and iperf3 run. */
    @Kvm4nfvTest
    static class Forwarding {
        @Test
        @PacketForwarding(deployment = "pvvp", frameSizes = {64}, durationSeconds = 120)
        void pvvp() {
        }
    }

    /**
     * Run in the child JVM: the guest spins (so that its vCPU thread shows whether it runs) and
     * migrates with QEMU's {@code pause-before-switchover}: the source stops the guest and then
     * waits for a {@code migrate-continue} that never comes — the STOP→RESUME window held open,
     * until the JVM is killed in it.
     */
    @Kvm4nfvTest
    static class Migration {
        @Test
        void heldBetweenStopAndResume(Lab lab) throws Exception {
            Guest guest = lab.guest("guest");
            guest.node().exec("setsid sh -c 'while :; do :; done' >/dev/null 2>&1 </dev/null &", Duration.ofSeconds(30));
            try (QmpClient qmp = QmpClient.connect(new StreamQmpTransport(lab.node(guest.hostName())
                    .openUnixStream(guest.qemu().qmpSocket(), Duration.ofSeconds(10))), Duration.ofSeconds(10))) {
                qmp.execute("migrate-set-capabilities", Map.of("capabilities",
                        List.of(Map.of("capability", "pause-before-switchover", "state", true))));
            }
            GuestMigration.of(lab, "guest").migrate(MigrationOptions.defaults(MigrationDestination.localAnyPort())
                    .withTimeout(Duration.ofMinutes(5)), null);
        }
    }

    @Test
    void killMinus9MidForwardingLeavesNothingWithin5Seconds() throws Exception {
        try (KilledRun run = KilledRun.start(temp, Forwarding.class)) {
            run.awaitReady(Duration.ofMinutes(4), () -> LabProcesses.ofRun(run.base(), run.pid()).stream()
                    .anyMatch(p -> p.contains("sockperf ping-pong")));
            Thread.sleep(1_000);  // traffic through both guests now
            List<RunFootprint.Item> before = run.killAndAwaitNothingLeft(
                    "pvvp forwards 64 B frames (two QEMU guests in series, OVS netdev, sockperf + iperf3)", BOUND);
            assertThat(RunFootprint.counts(before)).as("what a pvvp run has while measuring")
                    .containsKeys("process", "netns", "link", "ovs bridge", "folder", "socket");
            assertThat(before).as("its QEMUs, OVS daemons and generators")
                    .anyMatch(i -> i.name().contains("qemu-system"))
                    .anyMatch(i -> i.name().contains("ovs-vswitchd"))
                    .anyMatch(i -> i.name().contains("ovsdb-server"))
                    .anyMatch(i -> i.name().contains("sockperf"))
                    .anyMatch(i -> i.name().contains("iperf3"));
        }
    }

    @Test
    void killMinus9BetweenStopAndResumeOfAMigrationLeavesNothingWithin5Seconds() throws Exception {
        try (KilledRun run = KilledRun.start(temp, Migration.class)) {
            SourceStopped stopped = new SourceStopped(run.base());
            run.awaitReady(Duration.ofMinutes(3), stopped);
            List<RunFootprint.Item> before = run.killAndAwaitNothingLeft("a live migration is between STOP and RESUME"
                    + " (pause-before-switchover; source QEMU " + stopped.source + ": its spinning vCPU without CPU time"
                    + " for " + stopped.stillMs() + " ms; destination QEMU " + stopped.destination + " incoming, stream open,"
                    + " RSS " + rssMib(stopped.destination) + " MiB)", BOUND);
            assertThat(before).as("source and destination QEMU")
                    .anyMatch(i -> i.name().startsWith(stopped.source + " "))
                    .anyMatch(i -> i.name().startsWith(stopped.destination + " "));
        }
    }

    /**
     * True once the guest is stopped mid-migration: a destination QEMU ({@code -incoming}) runs
     * with its migration stream open (its only established TCP connection), and the source's vCPU thread — the busiest thread but the main one, as the guest spins — has
     * used no CPU time for 2 s, after it had been using some. (The lab's QEMUs run without
     * {@code debug-threads}, so threads are told apart by their CPU time, not their names.)
     */
    private static final class SourceStopped implements Callable<Boolean> {
        private final Path base;
        long source = -1;
        long destination = -1;
        private long vcpu = -1;
        private long ticks = -1;
        private boolean sawRunning;
        private long stillSince;

        SourceStopped(Path base) {
            this.base = base;
        }

        long stillMs() {
            return (System.nanoTime() - stillSince) / 1_000_000;
        }

        @Override
        public Boolean call() {
            List<String> qemus = LabProcesses.under(base).stream().filter(p -> p.contains("qemu-system")).toList();
            Optional<Long> src = qemus.stream().filter(p -> !p.contains("-incoming")).map(KilledMidRunIT::pid).findFirst();
            Optional<Long> dst = qemus.stream().filter(p -> p.contains("-incoming")).map(KilledMidRunIT::pid).findFirst();
            if (src.isEmpty()) {
                return false;
            }
            // the vCPU has used far more CPU than any other thread but the main one by now (boot, spin)
            long busiest = busiestThread(src.get());
            long now = busiest < 0 ? -1 : ticks(Path.of("/proc", src.get().toString(), "task", Long.toString(busiest)));
            if (now < 0) {
                return false;
            }
            if (src.get() != source || busiest != vcpu) {
                source = src.get();
                vcpu = busiest;
                ticks = now;
                stillSince = System.nanoTime();
                sawRunning = false;
                return false;
            }
            if (now != ticks) {
                sawRunning = true;
                ticks = now;
                stillSince = System.nanoTime();
                return false;
            }
            destination = dst.orElse(-1L);
            return sawRunning && destination > 0 && stillMs() >= 2_000 && streamOpen(destination);
        }

        @Override
        public String toString() {
            return "source QEMU " + source + " (busiest thread " + vcpu + ": " + ticks + " ticks, unchanged for "
                    + stillMs() + " ms, seen running " + sawRunning + "), destination QEMU " + destination
                    + (destination > 0 ? ", stream open " + streamOpen(destination) : "");
        }
    }

    /** Whether {@code pid} holds an established TCP connection (a destination QEMU: its migration stream). */
    private static boolean streamOpen(long pid) {
        try {
            Process ss = new ProcessBuilder("ss", "-Htnp", "state", "established").redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ss.waitFor();
            return out.contains("pid=" + pid + ",");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long rssMib(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status")).lines().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
    }

    private static long pid(String processLine) {
        return Long.parseLong(processLine.substring(0, processLine.indexOf(' ')));
    }

    /** The thread of {@code pid} but its main thread with the most CPU time, or -1. */
    private static long busiestThread(long pid) {
        long best = -1;
        long most = -1;
        for (Path task : tasks(pid)) {
            long tid = Long.parseLong(task.getFileName().toString());
            long t = ticks(task);
            if (tid != pid && t > most) {
                most = t;
                best = tid;
            }
        }
        return best;
    }

    /** utime + stime of a task ({@code /proc/PID/task/TID}), -1 when it is gone. */
    private static long ticks(Path task) {
        String stat = read(task.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 2).split(" ");
        return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : -1;
    }

    private static List<Path> tasks(long pid) {
        return RunFootprint.list(Path.of("/proc", Long.toString(pid), "task"));
    }

    private static String read(Path file) {
        return RunFootprint.read(file);
    }
}
