package io.kvm4nfv.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuCommandTest {

    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExample01 test@lab";

    @TempDir
    Path dir;

    private GuestImage image() {
        return new GuestImage(dir, dir.resolve("vmlinux"), dir.resolve("initramfs.cpio"), true, "abc", "6.1.0-56-amd64");
    }

    private static String valueAfter(List<String> argv, String option) {
        int i = argv.indexOf(option);
        assertThat(i).as("option %s in %s", option, argv).isGreaterThanOrEqualTo(0);
        return argv.get(i + 1);
    }

    @Test
    void tcgRaisesRamThatIsAMultipleOf256KiB() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG).withMemoryKb(262_144);
        QemuCommand command = QemuCommand.of(image(), options);
        assertThat(command.effectiveMemoryKb()).isEqualTo(262_152);
        assertThat(valueAfter(command.argv(), "-m")).isEqualTo("262152k");
        assertThat(command.effectiveMemoryKb() % 256).isNotZero();
    }

    @Test
    void tcgKeepsRamThatIsNotAMultipleOf256KiB() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG);
        assertThat(QemuCommand.of(image(), options).effectiveMemoryKb()).isEqualTo(GuestOptions.DEFAULT_MEMORY_KB);
        assertThat(QemuCommand.effectiveMemoryKb(Accelerator.TCG, 1_048_576)).isEqualTo(1_048_584);
        assertThat(QemuCommand.effectiveMemoryKb(Accelerator.TCG, 524_300)).isEqualTo(524_300);
    }

    @Test
    void kvmKeepsRamAsGiven() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.KVM).withMemoryKb(262_144);
        QemuCommand command = QemuCommand.of(image(), options);
        assertThat(command.effectiveMemoryKb()).isEqualTo(262_144);
        assertThat(valueAfter(command.argv(), "-accel")).isEqualTo("kvm");
        assertThat(valueAfter(command.argv(), "-cpu")).isEqualTo("host");
    }

    @Test
    void userNetworkIsRestrictedAndForwardsSshFromLoopbackOnly() {
        QemuCommand command = QemuCommand.of(image(), GuestOptions.defaults("g1", dir, 40022, KEY, Accelerator.TCG));
        String netdev = valueAfter(command.argv(), "-netdev");
        assertThat(netdev.split(",")).contains("user", "id=n0", "restrict=on", "hostfwd=tcp:127.0.0.1:40022-:22");
        assertThat(valueAfter(command.argv(), "-device")).isEqualTo("virtio-net-pci,netdev=n0");
        assertThat(valueAfter(command.argv(), "-accel")).isEqualTo("tcg");
    }

    @Test
    void noDefaultDevicesConsoleToFileQmpOnUnixSocketAndPidfile() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG);
        List<String> argv = QemuCommand.of(image(), options).argv();
        assertThat(argv.get(0)).isEqualTo(QemuCommand.DEFAULT_BINARY);
        assertThat(argv).contains("-nodefaults", "-no-user-config").doesNotContain("-no-reboot", "-incoming");
        assertThat(valueAfter(argv, "-display")).isEqualTo("none");
        assertThat(valueAfter(argv, "-serial")).isEqualTo("file:" + dir.resolve("console.log"));
        assertThat(valueAfter(argv, "-qmp")).isEqualTo("unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off");
        assertThat(valueAfter(argv, "-pidfile")).isEqualTo(dir.resolve("qemu.pid").toString());
        assertThat(valueAfter(argv, "-kernel")).isEqualTo(dir.resolve("vmlinux").toString());
        assertThat(valueAfter(argv, "-initrd")).isEqualTo(dir.resolve("initramfs.cpio").toString());
    }

    @Test
    void firmwareIsPassedAsBiosOnlyWhenSet() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG);
        assertThat(valueAfter(QemuCommand.of(image(), options.withFirmware(Path.of("/fw/qboot.rom"))).argv(), "-bios"))
                .isEqualTo("/fw/qboot.rom");
        assertThat(QemuCommand.of(image(), options.withFirmware(null)).argv()).doesNotContain("-bios");
    }

    @Test
    void incomingGuestWaitsForMigrateIncoming() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG).asIncoming();
        assertThat(valueAfter(QemuCommand.of(image(), options).argv(), "-incoming")).isEqualTo("defer");
    }

    @Test
    void authorizedKeyTravelsBase64EncodedOnTheKernelCommandLine() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG);
        String append = valueAfter(QemuCommand.of(image(), options).argv(), "-append");
        assertThat(append).contains("console=ttyS0", "kvm4nfv.hostname=g1").doesNotContain(" test@lab");
        String encoded = append.replaceAll(".*" + QemuCommand.AUTHKEY_PARAM + "=(\\S+).*", "$1");
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(KEY);
    }

    @Test
    void shellLineQuotesEveryArgument() {
        GuestOptions options = GuestOptions.defaults("g1", dir, 2222, KEY, Accelerator.TCG)
                .withExtraArgs(List.of("-object", "it's"));
        String line = QemuCommand.of(image(), options).toShellLine();
        assertThat(line).startsWith("'qemu-system-x86_64' '-name' 'g1'").endsWith("'-object' 'it'\\''s'");
    }

    @Test
    void rejectsSocketPathsTooLongForUnixSockets() {
        Path deep = Path.of("/tmp/" + "d".repeat(110));
        assertThatThrownBy(() -> GuestOptions.defaults("g1", deep, 2222, KEY, Accelerator.TCG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNIX sockets");
    }

    @Test
    void rejectsPrivateKeysAndBadNames() {
        assertThatThrownBy(() -> GuestOptions.defaults("g1", dir, 2222, "-----BEGIN OPENSSH PRIVATE KEY-----", Accelerator.TCG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("BEGIN");
        assertThatThrownBy(() -> GuestOptions.defaults("g 1;rm", dir, 2222, KEY, Accelerator.TCG))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
