package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local pod's scripts ({@code config/pods/local}): host scripts run on this machine
 * (they check and report, never change it), guest scripts run under {@code busybox sh}
 * against a fake /proc root.
 */
class LocalPodScriptsIT {

    private static final Path LOCAL_POD = configDir().resolve("pods/local");

    @TempDir
    Path temp;

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void hostSetup0ReportsTheBootTimeTuningAsATableAndChangesNothing() throws Exception {
        String cmdlineBefore = ProcStat.readProcFile(Path.of("/proc/cmdline"));
        Result result = run(Map.of(), "bash", host("host-setup0.sh"));

        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).containsPattern("KNOB +EXPECTED +ACTUAL +STATUS");
        for (String knob : List.of("isolcpus", "nohz_full", "rcu_nocbs", "hugepages", "kernel")) {
            assertThat(result.output).containsPattern("(?m)^" + knob + " +\\S");
        }
        assertThat(result.output).containsAnyOf("not tuned (embedded lab): ", "tuned: ");
        assertThat(ProcStat.readProcFile(Path.of("/proc/cmdline"))).isEqualTo(cmdlineBefore);
    }

    @Test
    void hostSetup0SaysTunedOnlyWhenEveryBootParameterIsThereAndRequireFailsOtherwise() throws Exception {
        Path tuned = fakeHostProc("quiet isolcpus=1 nohz_full=1 rcu_nocbs=1", 512);
        Files.createDirectories(temp.resolve("sys/kernel"));
        Files.writeString(temp.resolve("sys/kernel/realtime"), "1\n");
        Map<String, String> tunedEnv = Map.of("KVM4NFV_PROC", tuned.toString(), "KVM4NFV_SYS", temp.resolve("sys").toString());
        Result ok = run(tunedEnv, "bash", host("host-setup0.sh"), "--cpus", "1", "--require");
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(ok.output).containsPattern("(?m)^isolcpus +1 +1 +ok$")
                .containsPattern("(?m)^hugepages +> 0 +512 x 2048kB +ok$")
                .contains("tuned: the host's boot-time tuning is in place");

        Path untuned = fakeHostProc("quiet isolcpus=0", 0);
        Map<String, String> untunedEnv = Map.of("KVM4NFV_PROC", untuned.toString(), "KVM4NFV_SYS", temp.resolve("nosys").toString());
        Result report = run(untunedEnv, "bash", host("host-setup0.sh"), "--cpus", "1");
        assertThat(report.exit).isZero();
        assertThat(report.output).containsPattern("(?m)^isolcpus +1 +0 +not tuned$")
                .containsPattern("(?m)^nohz_full +1 +\\(absent\\) +not tuned$")
                .contains("not tuned (embedded lab): isolcpus nohz_full rcu_nocbs hugepages");
        assertThat(run(untunedEnv, "bash", host("host-setup0.sh"), "--cpus", "1", "--require").exit).isEqualTo(3);
    }

    @Test
    void hostSetup1ReportsTheRunTimeKnobsWithTheirRealValues() throws Exception {
        String rtRuntime = ProcStat.readProcFile(Path.of("/proc/sys/kernel/sched_rt_runtime_us")).trim();
        Result result = run(Map.of(), "bash", host("host-setup1.sh"));

        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).containsPattern("(?m)^sched_rt_runtime_us +-1 +" + rtRuntime + " +(ok|not tuned)$");
        for (String knob : List.of("timer_migration", "watchdog", "nmi_watchdog", "cpu_governor", "irqbalance")) {
            assertThat(result.output).containsPattern("(?m)^" + knob + " +\\S");
        }
        assertThat(ProcStat.readProcFile(Path.of("/proc/sys/kernel/sched_rt_runtime_us")).trim()).isEqualTo(rtRuntime);
    }

    @Test
    void stressDailyRunsCpuStressPinnedToCpu0AndStopsAfterTwoSeconds() throws Exception {
        Path pidFile = temp.resolve("stress/cpu.pid");
        long t0 = System.nanoTime();
        Result result = run(Map.of(), "bash", host("stress_daily.sh"), "start", "cpu", "0", "2", pidFile.toString());
        assertThat(result.exit).as(result.output).isZero();
        long pid = Long.parseLong(result.output.trim());
        started.add(pid);
        assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(pid));
        assertThat(ProcStat.readProcFile(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' '))
                .startsWith("stress-ng --cpu 1 ").contains("--timeout 2s");
        assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                .contains("Cpus_allowed_list:\t0");

        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                .until(() -> ProcStat.startTime(pid).isEmpty());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(seconds).isBetween(1.9, 8.0);
        assertThat(Files.readString(temp.resolve("stress/cpu.log"))).contains("successful run completed");
    }

    @Test
    void stressDailyStopEndsAnUnboundedMemoryLoadAndItsWorkers() throws Exception {
        Path pidFile = temp.resolve("mem.pid");
        Result result = run(Map.of("STRESS_VM_BYTES", "8M"), "bash", host("stress_daily.sh"),
                "start", "memory", "0", "0", pidFile.toString());
        assertThat(result.exit).as(result.output).isZero();
        long pid = Long.parseLong(result.output.trim());
        started.add(pid);
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).orElseThrow().children().count() > 0);
        List<ProcessHandle> workers = ProcessHandle.of(pid).orElseThrow().descendants().toList();

        Result stop = run(Map.of(), "bash", host("stress_daily.sh"), "stop", pidFile.toString());

        assertThat(stop.exit).as(stop.output).isZero();
        assertThat(stop.output).containsPattern("(stopped|killed) " + pid);
        assertThat(ProcStat.startTime(pid)).isEmpty();
        assertThat(workers).allSatisfy(w -> assertThat(ProcStat.startTime(w.pid())).isEmpty());
        assertThat(pidFile).doesNotExist();
        assertThat(run(Map.of(), "bash", host("stress_daily.sh"), "stop", pidFile.toString()).exit).isZero();
    }

    @Test
    void hostRunQemuDaemonizesQemuAndPrintsItsPidOrShowsWhyItFailed() throws Exception {
        Path pidFile = temp.resolve("vm/guest1.pid");
        Result result = run(Map.of(), "bash", host("host-run-qemu.sh"), pidFile.toString(), "--",
                "-machine", "none", "-nodefaults", "-display", "none", "-S", "-name", "guest1-" + temp.getFileName());
        assertThat(result.exit).as(result.output).isZero();
        long pid = Long.parseLong(result.output.trim());
        started.add(pid);
        try {
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(pid));
            assertThat(ProcStat.readProcFile(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' '))
                    .startsWith("qemu-system-x86_64 -machine none").contains("-daemonize -pidfile " + pidFile);
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }

        Result failed = run(Map.of(), "bash", host("host-run-qemu.sh"), temp.resolve("bad.pid").toString(), "--",
                "-machine", "no-such-machine", "-display", "none");
        assertThat(failed.exit).isEqualTo(1);
        assertThat(failed.output).contains("unsupported machine type");
        assertThat(run(Map.of(), "bash", host("host-run-qemu.sh"), "x.pid").exit).isEqualTo(2);
    }

    @Test
    void guestSetup1AppliesRunTimeTuningUnderBusyboxAndReportsWhatIsUnavailable() throws Exception {
        Path proc = fakeGuestProc(2);
        Path irq4 = Files.createDirectories(proc.resolve("irq/4/smp_affinity")); // a knob that refuses writes
        Map<String, String> env = busyboxOnly(Map.of("KVM4NFV_PROC", proc.toString()));

        Result dry = run(env, "busybox", "sh", guest("guest-setup1.sh"), "--dry-run");
        assertThat(dry.exit).as(dry.output).isZero();
        assertThat(dry.output).containsPattern("(?m)^sched_rt_runtime_us +would set +-1 \\(now 950000\\)$");
        assertThat(Files.readString(proc.resolve("sys/kernel/sched_rt_runtime_us")).trim()).isEqualTo("950000");

        Result applied = run(env, "busybox", "sh", guest("guest-setup1.sh"));
        assertThat(applied.exit).as(applied.output).isZero();
        assertThat(applied.output)
                .containsPattern("(?m)^sched_rt_runtime_us +applied +-1 \\(was 950000\\)$")
                .containsPattern("(?m)^watchdog +applied +0 \\(was 1\\)$")
                .containsPattern("(?m)^nmi_watchdog +unavailable +.*does not exist$")
                .containsPattern("(?m)^timer_migration +applied +0 \\(was 1\\)$")
                .containsPattern("(?m)^irq_affinity +applied +mask 1: 2 moved, 1 already, 1 not movable$");
        assertThat(Files.readString(proc.resolve("sys/kernel/sched_rt_runtime_us")).trim()).isEqualTo("-1");
        assertThat(Files.readString(proc.resolve("sys/kernel/watchdog")).trim()).isEqualTo("0");
        assertThat(Files.readString(proc.resolve("sys/kernel/timer_migration")).trim()).isEqualTo("0");
        assertThat(Files.readString(proc.resolve("irq/1/smp_affinity")).trim()).isEqualTo("1");
        assertThat(Files.readString(proc.resolve("irq/default_smp_affinity")).trim()).isEqualTo("1");
        assertThat(irq4).isDirectory();

        Result again = run(env, "busybox", "sh", guest("guest-setup1.sh"));
        assertThat(again.output).containsPattern("(?m)^sched_rt_runtime_us +ok +-1$");
    }

    @Test
    void guestSetup1NeverFailsWhereNothingExistsOrThereIsOneCpu() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty-proc"));
        Result nothing = run(busyboxOnly(Map.of("KVM4NFV_PROC", empty.toString())), "busybox", "sh", guest("guest-setup1.sh"));
        assertThat(nothing.exit).as(nothing.output).isZero();
        assertThat(nothing.output).containsPattern("(?m)^sched_rt_runtime_us +unavailable")
                .containsPattern("(?m)^irq_affinity +unavailable +only 1 CPU");

        Path oneCpu = fakeGuestProc(1);
        Result single = run(busyboxOnly(Map.of("KVM4NFV_PROC", oneCpu.toString())), "busybox", "sh", guest("guest-setup1.sh"));
        assertThat(single.exit).isZero();
        assertThat(single.output).containsPattern("(?m)^irq_affinity +unavailable +only 1 CPU: IRQs cannot leave CPU 0$");
        assertThat(Files.readString(oneCpu.resolve("irq/1/smp_affinity")).trim()).isEqualTo("3");
    }

    @Test
    void guestSetup0ReportsBootTuningUnderBusyboxWithoutMountingOnAFakeRoot() throws Exception {
        Path proc = fakeGuestProc(2);
        Result result = run(busyboxOnly(Map.of("KVM4NFV_PROC", proc.toString(), "KVM4NFV_SYS", temp.resolve("sys").toString())),
                "busybox", "sh", guest("guest-setup0.sh"));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("measured CPU 1")
                .containsPattern("(?m)^isolcpus +ok +1$")
                .containsPattern("(?m)^nohz_full +not set ")
                .containsPattern("(?m)^mount /sys/kernel/tracing +unavailable +fake root")
                .contains("guest boot-time tuning missing: nohz_full rcu_nocbs preempt_rt");
    }

    /**
     * The environment plus a PATH that holds only busybox applets, as in the lab's guest:
     * a guest script that needs any other tool fails here.
     */
    private Map<String, String> busyboxOnly(Map<String, String> env) throws Exception {
        Path bin = temp.resolve("busybox-bin");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            Path busybox = Path.of(run(Map.of(), "sh", "-c", "command -v busybox").output.trim());
            for (String applet : run(Map.of(), busybox.toString(), "--list").output.split("\\s+")) {
                if (!applet.isBlank()) {
                    Files.createSymbolicLink(bin.resolve(applet), busybox);
                }
            }
        }
        Map<String, String> withPath = new java.util.HashMap<>(env);
        withPath.put("PATH", bin.toString());
        return withPath;
    }

    private Path fakeHostProc(String cmdline, int hugePages) throws Exception {
        Path proc = Files.createTempDirectory(temp, "proc");
        Files.writeString(proc.resolve("cmdline"), cmdline + "\n");
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nprocessor\t: 1\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 1000 kB\nHugePages_Total:     " + hugePages
                + "\nHugepagesize:       2048 kB\n");
        return proc;
    }

    private Path fakeGuestProc(int cpus) throws Exception {
        Path proc = Files.createTempDirectory(temp, "guest-proc");
        StringBuilder cpuinfo = new StringBuilder();
        for (int i = 0; i < cpus; i++) {
            cpuinfo.append("processor\t: ").append(i).append('\n');
        }
        Files.writeString(proc.resolve("cpuinfo"), cpuinfo);
        Files.writeString(proc.resolve("cmdline"), "console=ttyS0 isolcpus=1 quiet\n");
        Files.writeString(proc.resolve("version"), "Linux version 6.1.0 #1 SMP PREEMPT_DYNAMIC\n");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/sched_rt_runtime_us"), "950000\n");
        Files.writeString(proc.resolve("sys/kernel/watchdog"), "1\n");
        Files.writeString(proc.resolve("sys/kernel/timer_migration"), "1\n");
        Files.writeString(Files.createDirectories(proc.resolve("irq")).resolve("default_smp_affinity"), "3\n");
        for (int irq = 1; irq <= 3; irq++) {
            Files.writeString(Files.createDirectories(proc.resolve("irq/" + irq)).resolve("smp_affinity"),
                    irq == 2 ? "00000001\n" : "3\n");
        }
        return proc;
    }

    private static String host(String script) {
        return LOCAL_POD.resolve("host").resolve(script).toString();
    }

    private static String guest(String script) {
        return LOCAL_POD.resolve("guest").resolve(script).toString();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output);
    }

    private static Path configDir() {
        String configured = System.getProperty("kvm4nfv.config.dir");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config/pods/local"))) {
                return dir.resolve("config");
            }
        }
        throw new IllegalStateException("config/pods/local not found above " + Path.of("").toAbsolutePath());
    }
}
