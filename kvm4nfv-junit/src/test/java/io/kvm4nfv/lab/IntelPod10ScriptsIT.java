package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intel-pod10 setup scripts ({@code config/pods/intel-pod10/host|guest}) against a fake
 * root ({@code KVM4NFV_ROOT}): a temp dir with {@code etc/default/grub}, {@code proc/cmdline},
 * {@code proc/sys/kernel/*}, {@code sys/devices/system/cpu/*}, {@code proc/irq/N/smp_affinity}.
 * With a fake root the scripts run no system command; they log them to
 * {@code kvm4nfv-commands.log} in the fake root, which the tests read.
 */
class IntelPod10ScriptsIT {

    private static final Path POD = configDir().resolve("pods/intel-pod10");
    private static final String ISOLATED = "11-15,31-35";
    private static final String GRUB_LINE = "GRUB_CMDLINE_LINUX=";
    private static final List<String> HOST_KEYS = List.of("isolcpus", "nohz_full", "rcu_nocbs", "intel_pstate",
            "processor.max_cstate", "intel_idle.max_cstate", "idle", "tsc", "nmi_watchdog", "mce",
            "default_hugepagesz", "hugepagesz", "hugepages");

    @TempDir
    Path temp;

    private Path root;
    private final List<Long> started = new ArrayList<>();

    @BeforeEach
    void fakeRoot() throws IOException {
        root = fakeRoot("root", 40, "debian");
    }

    @AfterEach
    void stopLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    // ---- host-setup0.sh -------------------------------------------------------------------

    @Test
    void hostSetup0PutsEachKeyOnTheGrubLineExactlyOnceAndASecondRunChangesNothing() throws Exception {
        Result first = run(hostEnv(), host("host-setup0.sh"));

        assertThat(first.exit).as(first.output).isZero();
        String line = grubLine("GRUB_CMDLINE_LINUX");
        for (String key : HOST_KEYS) {
            assertThat(words(line).stream().filter(w -> w.equals(key) || w.startsWith(key + "=")))
                    .as(key + " in " + line).hasSize(1);
        }
        assertThat(words(line)).contains("console=ttyS0", "isolcpus=" + ISOLATED, "nohz_full=" + ISOLATED,
                "rcu_nocbs=" + ISOLATED, "idle=poll", "intel_pstate=disable", "processor.max_cstate=1",
                "intel_idle.max_cstate=1", "tsc=reliable", "nmi_watchdog=0", "mce=off", "default_hugepagesz=1G",
                "hugepagesz=1G", "hugepages=4").doesNotContain("isolcpus=1", "idle=halt");
        assertThat(grubLine("GRUB_CMDLINE_LINUX_DEFAULT")).as("managed keys leave _DEFAULT").isEqualTo("\"quiet splash\"");
        assertThat(Files.readAllLines(root.resolve("etc/default/grub")).stream().filter(l -> l.startsWith(GRUB_LINE)))
                .as("one GRUB_CMDLINE_LINUX line (the duplicate is gone)").hasSize(1);
        assertThat(Files.readString(root.resolve("etc/default/grub"))).contains("GRUB_TIMEOUT=5\n");
        assertThat(root.resolve("etc/default/grub.kvm4nfv.orig")).hasContent(GRUB);
        assertThat(first.output).containsPattern("(?m)^KNOB +BEFORE +AFTER +STATUS$")
                .containsPattern("(?m)^grub isolcpus +isolcpus=1 isolcpus=3 +isolcpus=11-15,31-35 +changed$")
                .containsPattern("(?m)^grub nohz_full +\\(none\\) +nohz_full=11-15,31-35 +changed$");
        assertThat(commands()).containsExactly("update-grub");

        byte[] grub = Files.readAllBytes(root.resolve("etc/default/grub"));
        Result second = run(hostEnv(), host("host-setup0.sh"));

        assertThat(second.exit).as(second.output).isZero();
        assertThat(Files.readAllBytes(root.resolve("etc/default/grub"))).isEqualTo(grub);
        assertThat(second.output).contains("not touched").doesNotContain("changed")
                .containsPattern("(?m)^grub hugepages +hugepages=4 +hugepages=4 +ok$");
        assertThat(commands()).as("GRUB config not regenerated again").containsExactly("update-grub");
    }

    @Test
    void hostSetup0ReplacesAChangedCpuSetAndUsesGrub2MkconfigOnRhel() throws Exception {
        Path rhel = fakeRoot("rhel", 40, "centos");
        Map<String, String> env = new HashMap<>(hostEnv());
        env.put("KVM4NFV_ROOT", rhel.toString());
        assertThat(run(env, host("host-setup0.sh")).exit).isZero();
        env.put("KVM4NFV_ISOLATED_CPUS", "20-23");
        env.put("KVM4NFV_VCPU_CPUS", "20-21");
        env.put("KVM4NFV_HUGEPAGES_1G", "16");

        Result again = run(env, host("host-setup0.sh"));

        assertThat(again.exit).as(again.output).isZero();
        String line = Files.readAllLines(rhel.resolve("etc/default/grub")).stream()
                .filter(l -> l.startsWith(GRUB_LINE)).findFirst().orElseThrow();
        assertThat(words(line)).contains("isolcpus=20-23", "nohz_full=20-23", "rcu_nocbs=20-23", "hugepages=16")
                .doesNotContain("isolcpus=" + ISOLATED, "hugepages=4");
        assertThat(again.output).containsPattern("(?m)^grub isolcpus +isolcpus=11-15,31-35 +isolcpus=20-23 +changed$");
        assertThat(Files.readAllLines(rhel.resolve("kvm4nfv-commands.log")))
                .filteredOn(c -> c.startsWith("grub2-mkconfig -o /boot/grub2/grub.cfg")).hasSize(2);
        assertThat(Files.readAllLines(rhel.resolve("kvm4nfv-commands.log")))
                .anyMatch(c -> c.startsWith("grubby --update-kernel=ALL --args=") && c.contains("isolcpus=20-23"));
    }

    @Test
    void hostSetup0InstallsANamedRtKernelPackageThroughTheDistroPackageManager() throws Exception {
        Map<String, String> env = new HashMap<>(hostEnv());
        env.put("KVM4NFV_RT_KERNEL_PACKAGE", "linux-image-rt-amd64");
        Result result = run(env, host("host-setup0.sh"));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(commands()).contains(
                "env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends linux-image-rt-amd64");

        env.put("KVM4NFV_RT_KERNEL_PACKAGE", "linux-image-rt; reboot");
        Result bad = run(env, host("host-setup0.sh"));
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.output).contains("is not a package name");
    }

    @Test
    void dryRunChangesNoFileAndRunsNoCommandButSaysWhatItWouldDo() throws Exception {
        Files.writeString(root.resolve("proc/cmdline"), tunedCmdline());
        Map<String, String> before = snapshot(root);
        Map<String, String> env = new HashMap<>(hostEnv());
        env.put("KVM4NFV_DRY_RUN", "1");

        Result setup0 = run(env, host("host-setup0.sh"));
        Result setup1 = run(env, host("host-setup1.sh"));
        env.put("KVM4NFV_ISOLATED_CPUS", "1");
        Result guest0 = run(env, guest("guest-setup0.sh"));

        assertThat(setup0.exit).as(setup0.output).isZero();
        assertThat(setup1.exit).as(setup1.output).isZero();
        assertThat(guest0.exit).as(guest0.output).isZero();
        assertThat(snapshot(root)).isEqualTo(before);
        assertThat(setup0.output).contains("would run: update-grub")
                .containsPattern("(?m)^grub isolcpus +isolcpus=1 isolcpus=3 +isolcpus=11-15,31-35 +would change$")
                .contains("dry run: nothing changed");
        assertThat(setup1.output).containsPattern("(?m)^sched_rt_runtime_us +950000 +-1 +would change$")
                .containsPattern("(?m)^irqbalance +running +stopped +would change$")
                .contains("would run: mount -t hugetlbfs -o pagesize=1G hugetlbfs /mnt/hugetlbfs-1g");
        assertThat(guest0.output).contains("would run: update-grub");
    }

    // ---- host-setup1.sh -------------------------------------------------------------------

    @Test
    void hostSetup1FailsClearlyWhenTheRebootDidNotBringTheTunedCommandLine() throws Exception {
        Files.writeString(root.resolve("proc/cmdline"), "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet nohz_full=" + ISOLATED + "\n");

        Result result = run(hostEnv(), host("host-setup1.sh"));

        assertThat(result.exit).isEqualTo(3);
        assertThat(result.output).contains("lacks the boot-time tuning")
                .contains("isolcpus=11-15,31-35 (found: absent)")
                .containsPattern("(?m)^cmdline nohz_full +11-15,31-35 +11-15,31-35 +ok$")
                .containsPattern("(?m)^cmdline isolcpus +\\(none\\) +11-15,31-35 +MISSING$")
                .contains("did the boot-time step (host-setup0.sh / guest-setup0.sh) run");
        assertThat(root.resolve("proc/sys/kernel/sched_rt_runtime_us")).as("nothing tuned").hasContent("950000");

        Files.writeString(root.resolve("proc/cmdline"), tunedCmdline().replace("isolcpus=" + ISOLATED, "isolcpus=11-15"));
        Result partial = run(hostEnv(), host("host-setup1.sh"));
        assertThat(partial.exit).isEqualTo(3);
        assertThat(partial.output).contains("isolcpus=11-15,31-35 (found: 11-15)");
    }

    @Test
    void hostSetup1WritesTheRunTimeKnobsAndMovesIrqsOffTheIsolatedCpusThenFindsAllInPlace() throws Exception {
        Files.writeString(root.resolve("proc/cmdline"), tunedCmdline().replace("isolcpus=" + ISOLATED,
                "isolcpus=31-35,11-15"));

        Result result = run(hostEnv(), host("host-setup1.sh"));

        assertThat(result.exit).as(result.output).isZero();
        assertThat(root.resolve("proc/sys/kernel/sched_rt_runtime_us")).hasContent("-1");
        assertThat(root.resolve("proc/sys/kernel/sched_rt_period_us")).as("the period is left alone").hasContent("1000000");
        assertThat(root.resolve("proc/sys/kernel/watchdog")).hasContent("0");
        assertThat(root.resolve("proc/sys/kernel/nmi_watchdog")).hasContent("0");
        assertThat(root.resolve("proc/sys/kernel/timer_migration")).hasContent("0");
        assertThat(root.resolve("sys/kernel/mm/ksm/run")).hasContent("0");
        assertThat(root.resolve("sys/kernel/mm/transparent_hugepage/enabled")).hasContent("never");
        for (int cpu : new int[] {0, 1, 12, 33}) {
            assertThat(root.resolve("sys/devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_governor")).hasContent("performance");
        }
        // housekeeping = 0-39 minus 11-15,31-35 = 0-10,16-30,36-39
        String mask = "000000f0,7fff07ff";
        assertThat(root.resolve("proc/irq/default_smp_affinity")).hasContent(mask);
        for (int irq = 1; irq <= 3; irq++) {
            assertThat(root.resolve("proc/irq/" + irq + "/smp_affinity")).hasContent(mask);
        }
        assertThat(root.resolve("run/irqbalance.pid")).doesNotExist();
        assertThat(commands()).containsExactly("systemctl stop irqbalance", "systemctl disable irqbalance",
                "mount -t hugetlbfs -o pagesize=1G hugetlbfs /mnt/hugetlbfs-1g");
        assertThat(root.resolve("mnt/hugetlbfs-1g")).isDirectory();
        assertThat(result.output).containsPattern("(?m)^cmdline isolcpus +31-35,11-15 +11-15,31-35 +ok$")
                .containsPattern("(?m)^sched_rt_runtime_us +950000 +-1 +changed$")
                .containsPattern("(?m)^thp_enabled +always +never +changed$")
                .containsPattern("(?m)^default_irq_affinity +0-39 +0-10,16-30,36-39 +changed$")
                .containsPattern("(?m)^irq_affinity +3 IRQs elsewhere +3 IRQs on 0-10,16-30,36-39 +changed")
                .containsPattern("(?m)^cpu_governor +4 not performance +performance x 4 +changed$")
                .contains("done: host run-time tuning in place");

        Result again = run(hostEnv(), host("host-setup1.sh"));
        assertThat(again.exit).as(again.output).isZero();
        assertThat(again.output).doesNotContain("changed").doesNotContain("fake root, not run");
        assertThat(commands()).hasSize(3);
    }

    @Test
    void hostSetup1FailsWhenAKnobThatExistsRefusesTheValue() throws Exception {
        Files.writeString(root.resolve("proc/cmdline"), tunedCmdline());
        Path knob = root.resolve("proc/sys/kernel/timer_migration");
        Files.delete(knob);
        Files.createDirectories(knob); // writing to a directory fails like a read-only knob

        Result result = run(hostEnv(), host("host-setup1.sh"));

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).containsPattern("(?m)^timer_migration +.*FAILED$").contains("could not apply: timer_migration");
    }

    // ---- validation -----------------------------------------------------------------------

    @Test
    void cpuListsFromTheEnvironmentAreValidatedAndNeverExecuted() throws Exception {
        Path marker = temp.resolve("pwned");
        List<String> bad = List.of("1;reboot", "$(touch " + marker + ")", "`touch " + marker + "`", "3-1", "1,,2",
                "1 2", "-1", "a");
        String grub = Files.readString(root.resolve("etc/default/grub"));
        for (String value : bad) {
            for (String script : List.of(host("host-setup0.sh"), host("host-setup1.sh"), guest("guest-setup0.sh"),
                    guest("guest-setup1.sh"))) {
                Map<String, String> env = new HashMap<>(hostEnv());
                env.put("KVM4NFV_ISOLATED_CPUS", value);
                Result result = run(env, script);
                assertThat(result.exit).as(script + " with " + value + ": " + result.output).isEqualTo(2);
                assertThat(result.output).contains("KVM4NFV_ISOLATED_CPUS");
            }
            Map<String, String> env = new HashMap<>(hostEnv());
            env.put("KVM4NFV_VCPU_CPUS", value);
            env.put("KVM4NFV_GUEST_IMAGE", image().toString());
            Result qemu = run(env, host("host-run-qemu.sh"));
            assertThat(qemu.exit).as(qemu.output).isEqualTo(2);
            assertThat(qemu.output).contains("KVM4NFV_VCPU_CPUS");
        }
        assertThat(marker).doesNotExist();
        assertThat(root.resolve("etc/default/grub")).hasContent(grub);
        assertThat(root.resolve("kvm4nfv-commands.log")).doesNotExist();

        Result unset = run(Map.of("KVM4NFV_ROOT", root.toString()), host("host-setup0.sh"));
        assertThat(unset.exit).isEqualTo(2);
        assertThat(unset.output).contains("KVM4NFV_ISOLATED_CPUS is not set");
    }

    @Test
    void cpuPlansThatCannotWorkAreRefusedBeforeAnythingChanges() throws Exception {
        String grub = Files.readString(root.resolve("etc/default/grub"));
        Map<String, String> env = new HashMap<>(hostEnv());
        env.put("KVM4NFV_VCPU_CPUS", "10-11");
        assertThat(run(env, host("host-setup0.sh")).output).contains("CPUs 10 are not in KVM4NFV_ISOLATED_CPUS");
        env.put("KVM4NFV_VCPU_CPUS", "11-12");
        env.put("KVM4NFV_STRESS_CPUS", "2-11");
        assertThat(run(env, host("host-setup0.sh")).output).contains("overlaps KVM4NFV_VCPU_CPUS=11-12 on CPUs 11");
        env.put("KVM4NFV_STRESS_CPUS", "2-10");
        env.put("KVM4NFV_ISOLATED_CPUS", "11-15,64");
        assertThat(run(env, host("host-setup0.sh")).output).contains("not online here (online: 0-39): 64");
        env.put("KVM4NFV_ISOLATED_CPUS", "0-39");
        env.put("KVM4NFV_VCPU_CPUS", "");
        env.put("KVM4NFV_STRESS_CPUS", "");
        assertThat(run(env, host("host-setup0.sh")).output).contains("leaves no CPU for the system");
        env.put("KVM4NFV_ISOLATED_CPUS", ISOLATED);
        env.put("KVM4NFV_DRY_RUN", "yes");
        assertThat(run(env, host("host-setup0.sh")).output).contains("KVM4NFV_DRY_RUN must be 0 or 1");
        env.put("KVM4NFV_DRY_RUN", "0");
        env.put("KVM4NFV_ROOT", "relative/dir");
        assertThat(run(env, host("host-setup0.sh")).output).contains("KVM4NFV_ROOT must be an existing absolute directory");
        assertThat(root.resolve("etc/default/grub")).hasContent(grub);
    }

    // ---- host-run-qemu.sh -----------------------------------------------------------------

    @Test
    void hostRunQemuNeedsTheGuestImageAndItsDryRunShowsTheKvm4nfvLaunch() throws Exception {
        Map<String, String> env = new HashMap<>(hostEnv());
        Result unset = run(env, host("host-run-qemu.sh"));
        assertThat(unset.exit).isEqualTo(2);
        assertThat(unset.output).contains("KVM4NFV_GUEST_IMAGE is not set");
        env.put("KVM4NFV_GUEST_IMAGE", temp.resolve("missing.qcow2").toString());
        Result missing = run(env, host("host-run-qemu.sh"));
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.output).contains("guest image " + temp.resolve("missing.qcow2") + " (KVM4NFV_GUEST_IMAGE) does not exist");

        env.put("KVM4NFV_GUEST_IMAGE", image().toString());
        env.put("KVM4NFV_DRY_RUN", "1");
        Result dry = run(env, host("host-run-qemu.sh"));

        assertThat(dry.exit).as(dry.output).isZero();
        String command = dry.output.lines().filter(l -> l.startsWith("would run: ")).findFirst().orElseThrow();
        assertThat(command).startsWith("would run: qemu-system-x86_64 ")
                .contains(" -enable-kvm -cpu host ", " -smp 2,", " -m 1G ",
                        "memory-backend-file,id=mem0,size=1G,mem-path=" + root + "/mnt/hugetlbfs-1g,prealloc=on",
                        "-machine q35,memory-backend=mem0", "-overcommit mem-lock=on",
                        "file=" + image() + ",format=qcow2,if=virtio", "-netdev user,id=net0,hostfwd=tcp::5555-:22",
                        "-qmp unix:" + root + "/run/kvm4nfv/kvm4nfv-guest.qmp,server=on,wait=off",
                        "-serial unix:" + root + "/run/kvm4nfv/kvm4nfv-guest.hb,server=on,wait=off",
                        "-name kvm4nfv-guest,debug-threads=on", "-daemonize -pidfile " + root + "/run/kvm4nfv/kvm4nfv-guest.pid");
        assertThat(dry.output).contains("would pin: vCPU threads 0-1 to CPUs 11 12");
        assertThat(root.resolve("run/kvm4nfv")).doesNotExist();
    }

    @Test
    void hostRunQemuPinsTheVcpuThreadWaitsForTheSshBannerAndDoesNotStartTwice() throws Exception {
        int cpu = Runtime.getRuntime().availableProcessors() - 1;
        try (BannerServer ssh = new BannerServer()) {
            Map<String, String> env = qemuEnv(cpu, ssh.port());

            Result result = run(env, host("host-run-qemu.sh"));

            long pid = Long.parseLong(Files.readString(root.resolve("run/kvm4nfv/kvm4nfv-guest.pid")).trim());
            started.add(pid);
            assertThat(result.exit).as(result.output).isZero();
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status"))).contains("Cpus_allowed_list:\t" + cpu);
            assertThat(result.output).containsPattern("(?m)^vcpu0 \\(tid " + pid + "\\) +\\S+ +" + cpu + " +(changed|ok)$")
                    .containsPattern("(?m)^guest_ssh +port " + ssh.port() + " +SSH banner +ok$")
                    .contains("guest running (pid " + pid + ", QMP ");
            assertThat(Files.readString(root.resolve("run/kvm4nfv/qemu-args")))
                    .contains("hostfwd=tcp::" + ssh.port() + "-:22").contains("-smp 1,");

            Result again = run(env, host("host-run-qemu.sh"));
            assertThat(again.exit).as(again.output).isZero();
            assertThat(again.output).containsPattern("(?m)^qemu +running \\(pid " + pid + "\\) +running \\(pid " + pid + "\\) +ok$")
                    .containsPattern("(?m)^vcpu0 \\(tid " + pid + "\\) +" + cpu + " +" + cpu + " +ok$");
            assertThat(Files.readAllLines(root.resolve("run/kvm4nfv/qemu-args"))).as("QEMU started once").hasSize(1);
        }
    }

    @Test
    void hostRunQemuStopsTheQemuItStartedWhenTheGuestSshNeverAnswers() throws Exception {
        int cpu = Runtime.getRuntime().availableProcessors() - 1;
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = qemuEnv(cpu, closedPort);
        env.put("KVM4NFV_SSH_WAIT_SECONDS", "2");

        long t0 = System.nanoTime();
        Result result = run(env, host("host-run-qemu.sh"));
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.output).contains("the guest's SSH did not answer on port " + closedPort + " within 2s")
                .containsPattern("stopped the QEMU it had started \\(pid \\d+\\)");
        Matcher m = Pattern.compile("stopped the QEMU it had started \\(pid (\\d+)\\)").matcher(result.output);
        assertThat(m.find()).isTrue();
        long pid = Long.parseLong(m.group(1));
        started.add(pid);
        assertThat(ProcStat.startTime(pid)).as("no orphaned VM").isEmpty();
        assertThat(root.resolve("run/kvm4nfv/kvm4nfv-guest.pid")).doesNotExist();
        assertThat(seconds).isLessThan(15);
    }

    // ---- guest scripts --------------------------------------------------------------------

    @Test
    void guestScriptsTuneTheGuestsGrubAndRunTimeKnobsWithTheGuestsOwnCpus() throws Exception {
        Path g = fakeRoot("guest", 2, "debian");
        Map<String, String> env = Map.of("KVM4NFV_ROOT", g.toString(), "KVM4NFV_ISOLATED_CPUS", "1");

        Result setup0 = run(env, guest("guest-setup0.sh"));
        assertThat(setup0.exit).as(setup0.output).isZero();
        String line = Files.readAllLines(g.resolve("etc/default/grub")).stream().filter(l -> l.startsWith(GRUB_LINE))
                .findFirst().orElseThrow();
        assertThat(words(line)).contains("isolcpus=1", "nohz_full=1", "rcu_nocbs=1", "idle=poll", "tsc=reliable",
                "nmi_watchdog=0", "mce=off").noneMatch(w -> w.startsWith("hugepages") || w.startsWith("intel_pstate"));
        assertThat(run(env, guest("guest-setup0.sh")).output).contains("not touched");
        assertThat(Files.readAllLines(g.resolve("kvm4nfv-commands.log"))).containsExactly("update-grub");

        Result early = run(env, guest("guest-setup1.sh"));
        assertThat(early.exit).isEqualTo(3);
        assertThat(early.output).contains("isolcpus=1 (found: absent)");

        Files.writeString(g.resolve("proc/cmdline"), "BOOT_IMAGE=/vmlinuz " + line.substring(line.indexOf('"') + 1,
                line.length() - 1) + "\n");
        Result setup1 = run(env, guest("guest-setup1.sh"));
        assertThat(setup1.exit).as(setup1.output).isZero();
        assertThat(g.resolve("proc/sys/kernel/sched_rt_runtime_us")).hasContent("-1");
        assertThat(g.resolve("proc/irq/1/smp_affinity")).hasContent("00000001");
        assertThat(setup1.output).containsPattern("(?m)^irq_affinity +3 IRQs elsewhere +3 IRQs on 0 +changed");

        Map<String, String> hostCpus = Map.of("KVM4NFV_ROOT", g.toString(), "KVM4NFV_ISOLATED_CPUS", ISOLATED);
        Result wrong = run(hostCpus, guest("guest-setup0.sh"));
        assertThat(wrong.exit).isEqualTo(2);
        assertThat(wrong.output).contains("names CPUs that are not online here (online: 0-1)");
        Result all = run(Map.of("KVM4NFV_ROOT", g.toString(), "KVM4NFV_ISOLATED_CPUS", "0-1"), guest("guest-setup0.sh"));
        assertThat(all.output).contains("give the guest one more vCPU");
    }

    @Test
    void theHostAndGuestFoldersCarryTheSameLibraryAndTheScriptsPassShellcheck() throws Exception {
        assertThat(POD.resolve("guest/tune-lib.sh")).hasSameBinaryContentAs(POD.resolve("host/tune-lib.sh"));
        for (String s : List.of("host/host-setup0.sh", "host/host-setup1.sh", "host/host-run-qemu.sh",
                "guest/guest-setup0.sh", "guest/guest-setup1.sh")) {
            assertThat(POD.resolve(s)).isExecutable();
            assertThat(Files.readString(POD.resolve(s))).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
        }
        Assumptions.assumeTrue(run(Map.of(), "sh", "-c", "command -v shellcheck").exit == 0, "shellcheck not installed");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        try (Stream<Path> files = Files.list(POD.resolve("host"))) {
            files.map(Path::toString).sorted().forEach(command::add);
        }
        try (Stream<Path> files = Files.list(POD.resolve("guest"))) {
            files.map(Path::toString).sorted().forEach(command::add);
        }
        Result check = run(Map.of(), command.toArray(String[]::new));
        assertThat(check.exit).as(check.output).isZero();
    }

    // ---- fixtures -------------------------------------------------------------------------

    private static final String GRUB = """
            GRUB_DEFAULT=0
            GRUB_TIMEOUT=5
            GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`
            GRUB_CMDLINE_LINUX_DEFAULT="quiet isolcpus=3 splash"
            GRUB_CMDLINE_LINUX="console=ttyS0 isolcpus=1 idle=halt"
            #GRUB_CMDLINE_LINUX="commented out: left alone"
            GRUB_CMDLINE_LINUX="a stray duplicate line"
            """;

    /** A fake root with the files the scripts read and write. */
    private Path fakeRoot(String name, int cpus, String distro) throws IOException {
        Path r = Files.createDirectories(temp.resolve(name));
        write(r, "etc/default/grub", GRUB);
        write(r, "etc/os-release", "PRETTY_NAME=\"x\"\nID=" + distro + "\n"
                + ("centos".equals(distro) ? "ID_LIKE=\"rhel fedora\"\n" : ""));
        write(r, "proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n");
        write(r, "proc/mounts", "proc /proc proc rw 0 0\n");
        write(r, "proc/version", "Linux version 6.1.0 #1 SMP PREEMPT_DYNAMIC\n");
        write(r, "proc/sys/kernel/sched_rt_runtime_us", "950000\n");
        write(r, "proc/sys/kernel/sched_rt_period_us", "1000000\n");
        write(r, "proc/sys/kernel/watchdog", "1\n");
        write(r, "proc/sys/kernel/nmi_watchdog", "1\n");
        write(r, "proc/sys/kernel/timer_migration", "1\n");
        write(r, "sys/kernel/mm/ksm/run", "1\n");
        write(r, "sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
        write(r, "sys/kernel/mm/transparent_hugepage/defrag", "always defer defer+madvise [madvise] never\n");
        write(r, "sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "4\n");
        write(r, "sys/devices/system/cpu/online", "0-" + (cpus - 1) + "\n");
        for (int cpu : new int[] {0, 1, 12, 33}) {
            if (cpu < cpus) {
                write(r, "sys/devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_governor", "powersave\n");
            }
        }
        write(r, "proc/irq/default_smp_affinity", cpus > 32 ? "ff,ffffffff\n" : "3\n");
        write(r, "proc/irq/1/smp_affinity", cpus > 32 ? "00000000,00000800\n" : "00000002\n");
        write(r, "proc/irq/2/smp_affinity", cpus > 32 ? "ff,ffffffff\n" : "3\n");
        write(r, "proc/irq/3/smp_affinity", "00000003\n");
        write(r, "run/irqbalance.pid", "1234\n");
        return r;
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Map<String, String> hostEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KVM4NFV_ROOT", root.toString());
        env.put("KVM4NFV_ISOLATED_CPUS", ISOLATED);
        env.put("KVM4NFV_VCPU_CPUS", "11-12");
        env.put("KVM4NFV_STRESS_CPUS", "2-10");
        return env;
    }

    /** The kernel command line after host-setup0.sh and the reboot. */
    private static String tunedCmdline() {
        return "BOOT_IMAGE=/vmlinuz root=/dev/sda1 isolcpus=" + ISOLATED + " nohz_full=" + ISOLATED + " rcu_nocbs="
                + ISOLATED + " intel_pstate=disable idle=poll tsc=reliable nmi_watchdog=0 mce=off"
                + " default_hugepagesz=1G hugepagesz=1G hugepages=4\n";
    }

    private Path image() throws IOException {
        Path image = temp.resolve("guest.qcow2");
        if (!Files.exists(image)) {
            Files.writeString(image, "not really an image\n");
        }
        return image;
    }

    /**
     * The environment of host-run-qemu.sh with a stand-in QEMU: it records its arguments and
     * "daemonizes" a process whose main thread is named {@code CPU 0/KVM}, as QEMU names its
     * vCPU threads with {@code debug-threads=on}.
     */
    private Map<String, String> qemuEnv(int cpu, int port) throws IOException {
        Path qemu = temp.resolve("fake-qemu");
        Files.writeString(qemu, """
                #!/usr/bin/env bash
                set -euo pipefail
                pidfile=""; prev=""
                for a in "$@"; do [[ "$prev" == -pidfile ]] && pidfile=$a; prev=$a; done
                echo "$*" >> "$(dirname "$pidfile")/qemu-args"
                bash -c 'printf "CPU 0/KVM" > /proc/$$/comm; while :; do sleep 0.2; done' fake-qemu "$@" </dev/null >/dev/null 2>&1 &
                echo $! > "$pidfile"
                """);
        qemu.toFile().setExecutable(true);
        Files.writeString(root.resolve("sys/devices/system/cpu/online"), "0-" + cpu + "\n");
        Map<String, String> env = hostEnv();
        env.put("KVM4NFV_VCPU_CPUS", Integer.toString(cpu));
        env.put("KVM4NFV_GUEST_IMAGE", image().toString());
        env.put("KVM4NFV_QEMU", qemu.toString());
        env.put("KVM4NFV_GUEST_SSH_PORT", Integer.toString(port));
        env.put("KVM4NFV_SSH_WAIT_SECONDS", "10");
        return env;
    }

    /** A loopback server that greets like sshd. */
    private static final class BannerServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "fake-sshd");

        BannerServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("SSH-2.0-OpenSSH_9.2 fake\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private String grubLine(String variable) throws IOException {
        return Files.readAllLines(root.resolve("etc/default/grub")).stream().filter(l -> l.startsWith(variable + "="))
                .findFirst().orElseThrow().substring(variable.length() + 1);
    }

    private static List<String> words(String grubLine) {
        String value = grubLine.substring(grubLine.indexOf('"') + 1, grubLine.lastIndexOf('"'));
        return List.of(value.trim().split("\\s+"));
    }

    private List<String> commands() throws IOException {
        Path log = root.resolve("kvm4nfv-commands.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
            }
        }
        return files;
    }

    private static String host(String script) {
        return POD.resolve("host").resolve(script).toString();
    }

    private static String guest(String script) {
        return POD.resolve("guest").resolve(script).toString();
    }

    private record Result(int exit, String output) {
    }

    /** Runs a script with bash (or a command as given), stdout and stderr together. */
    private static Result run(Map<String, String> env, String... command) throws Exception {
        List<String> words = new ArrayList<>();
        if (command[0].endsWith(".sh")) {
            words.add("bash");
        }
        words.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(words).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("KVM4NFV_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + String.join(" ", words));
        }
        return new Result(process.exitValue(), output);
    }

    private static Path configDir() {
        String configured = System.getProperty("kvm4nfv.config.dir");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config/pods/intel-pod10"))) {
                return dir.resolve("config");
            }
        }
        throw new IllegalStateException("config/pods/intel-pod10 not found above " + Path.of("").toAbsolutePath());
    }
}
