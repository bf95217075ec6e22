package io.kvm4nfv.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A real lab guest under QEMU (TCG here): image built from Debian packages (cached), SSH with
 * the OpenSSH client, cyclictest as root with SCHED_FIFO, a real reboot, a clean stop.
 */
class GuestVmIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern CYCLICTEST_SUMMARY = Pattern.compile(
            "T: 0 \\(\\s*\\d+\\) P:99 I:1000 C:\\s*1000 Min:\\s*(\\d+) Act:\\s*\\d+ Avg:\\s*(\\d+) Max:\\s*(\\d+)");

    private static Path work;
    private static Path key;
    private static GuestImageBuilder builder;
    private static GuestImage image;
    private static QemuLauncher launcher;

    @BeforeAll
    static void buildImage() throws Exception {
        work = LabPaths.newRunDir("it");
        key = work.resolve("id_ed25519");
        SshKeys.ensureEd25519(key, "kvm4nfv-lab");
        builder = GuestImageBuilder.fromConfigDir(Path.of("target", "lab", "build-guest.log"));
        image = builder.build();
        launcher = new QemuLauncher();
    }

    @AfterAll
    static void cleanUp() {
        LabPaths.deleteRecursively(work);
    }

    private static GuestOptions options(String name) throws IOException {
        Path runDir = Files.createDirectories(work.resolve(name));
        return GuestOptions.defaults(name, runDir, LabPaths.freeLoopbackPort(),
                SshKeys.publicKeyLineOf(key), Accelerator.detect(image, launcher));
    }

    @Test
    void cachedImageIsNotRebuilt() throws IOException {
        FileTime kernelTime = Files.getLastModifiedTime(image.kernel());
        GuestImage again = builder.build();
        assertThat(again.directory()).isEqualTo(image.directory());
        assertThat(again.contentHash()).isEqualTo(image.contentHash());
        assertThat(Files.getLastModifiedTime(again.kernel())).isEqualTo(kernelTime);
        assertThat(image.kernelVersion()).matches("\\d+\\.\\d+\\.\\d+-\\d+-amd64");
        assertThat(image.kernelUncompressed()).as("boots the extracted vmlinux").isTrue();
    }

    @Test
    void bootsRunsCyclictestAsRootRebootsAndStops() throws Exception {
        GuestOptions options = options("it-guest");
        long pid;
        try (GuestVm vm = launcher.launch(image, options)) {
            pid = vm.pid();
            Duration waited = vm.awaitSshReady(BOOT_TIMEOUT);
            System.out.printf("guest SSH-ready after %d ms (%s)%n", waited.toMillis(), options.accelerator());
            assertThat(vm.consoleText()).contains(QemuCommand.READY_MARKER);

            OpenSshClient ssh = new OpenSshClient(key, work.resolve("known_hosts"), vm.sshPort());
            OpenSshClient.Result id = ssh.run("id -u; hostname; which cyclictest stress-ng busybox ip", Duration.ofSeconds(30));
            assertThat(id.exitCode()).as(id.output()).isZero();
            assertThat(id.output()).startsWith("0\nit-guest\n").contains("/usr/bin/cyclictest", "/usr/bin/stress-ng", "/usr/bin/busybox", "/sbin/ip");

            OpenSshClient.Result ct = ssh.run("cyclictest -m -p 99 -i 1000 -l 1000 -q", Duration.ofSeconds(60));
            assertThat(ct.exitCode()).as(ct.output()).isZero();
            Matcher m = CYCLICTEST_SUMMARY.matcher(ct.output());
            assertThat(m.find()).as("cyclictest summary in: %s", ct.output()).isTrue();
            long min = Long.parseLong(m.group(1));
            long avg = Long.parseLong(m.group(2));
            long max = Long.parseLong(m.group(3));
            assertThat(min).isLessThanOrEqualTo(avg);
            assertThat(avg).isLessThanOrEqualTo(max);

            String bootId = ssh.run("cat /proc/sys/kernel/random/boot_id", Duration.ofSeconds(30)).output().trim();
            assertThat(bootId).matches("[0-9a-f-]{36}");
            ssh.run("setsid busybox reboot >/dev/null 2>&1 </dev/null &", Duration.ofSeconds(30));
            String[] newBootId = new String[1];
            await().atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                OpenSshClient.Result r = ssh.run("cat /proc/sys/kernel/random/boot_id", Duration.ofSeconds(10));
                newBootId[0] = r.output().trim();
                return r.exitCode() == 0 && newBootId[0].matches("[0-9a-f-]{36}") && !newBootId[0].equals(bootId);
            });
            assertThat(vm.pid()).as("same QEMU process after the guest's reboot").isEqualTo(pid);
            assertThat(vm.isAlive()).isTrue();

            vm.stop();
            assertThat(vm.isAlive()).isFalse();
            assertThat(Files.exists(options.qmpSocket())).isFalse();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("QEMU reaped").isFalse();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(options.consoleLog().toString())))
                .as("no QEMU of this guest remains").isEmpty();
    }

    @Test
    void failsWithConsoleTailWhenGuestNeverAnswers() throws Exception {
        GuestOptions options = options("it-broken");
        Path junkInitrd = Files.writeString(work.resolve("it-broken/junk.cpio"), "this is not an initramfs\n");
        GuestImage broken = new GuestImage(image.directory(), image.kernel(), junkInitrd,
                image.kernelUncompressed(), image.contentHash(), image.kernelVersion(), image.hostKey());
        try (GuestVm vm = launcher.launch(broken, options)) {
            assertThatThrownBy(() -> vm.awaitSshReady(Duration.ofSeconds(8)))
                    .isInstanceOf(GuestStartException.class)
                    .hasMessageContaining("did not answer SSH on 127.0.0.1:" + options.sshHostPort())
                    .hasMessageContaining("console tail");
            assertThat(vm.isAlive()).isTrue();
        }
    }
}
