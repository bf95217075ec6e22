package io.kvm4nfv.lab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuArgsTest {

    /** KVM4NFV's host-run-qemu.sh command line, as /proc/PID/cmdline gives it. */
    private static final List<String> POD10 = List.of("qemu-system-x86_64",
            "-name", "kvm4nfv-guest,debug-threads=on", "-machine", "q35,memory-backend=mem0",
            "-enable-kvm", "-cpu", "host", "-smp", "2,sockets=1,cores=2,threads=1", "-m", "1G",
            "-object", "memory-backend-file,id=mem0,size=1G,mem-path=/mnt/hugetlbfs-1g,prealloc=on,share=off",
            "-drive", "file=/var/lib/kvm4nfv/guest.qcow2,format=qcow2,if=virtio,cache=none,aio=threads",
            "-netdev", "user,id=net0,hostfwd=tcp::5555-:22", "-device", "virtio-net-pci,netdev=net0",
            "-chardev", "socket,id=vhu0,path=/var/run/openvswitch/vhu0",
            "-qmp", "unix:/run/kvm4nfv/kvm4nfv-guest.qmp,server=on,wait=off",
            "-display", "none", "-serial", "file:/run/kvm4nfv/kvm4nfv-guest.console",
            "-serial", "unix:/run/kvm4nfv/kvm4nfv-guest.hb,server=on,wait=off", "-parallel", "none",
            "-monitor", "none", "-daemonize", "-pidfile", "/run/kvm4nfv/kvm4nfv-guest.pid");

    @Test
    void theTwinIsTheSameMachineWithItsOwnFilesAFreeForwardAndIncomingDefer() {
        List<String> twin = QemuArgs.incomingTwin(POD10, ".in1");

        assertThat(twin).doesNotContain("-daemonize")
                .containsSequence("-qmp", "unix:/run/kvm4nfv/kvm4nfv-guest.qmp.in1,server=on,wait=off")
                .containsSequence("-serial", "file:/run/kvm4nfv/kvm4nfv-guest.console.in1")
                .containsSequence("-serial", "unix:/run/kvm4nfv/kvm4nfv-guest.hb.in1,server=on,wait=off")
                .containsSequence("-pidfile", "/run/kvm4nfv/kvm4nfv-guest.pid.in1")
                .containsSequence("-netdev", "user,id=net0,hostfwd=tcp::0-:22")
                .containsSequence("-chardev", "socket,id=vhu0,path=/var/run/openvswitch/vhu0")
                .containsSequence("-drive", "file=/var/lib/kvm4nfv/guest.qcow2,format=qcow2,if=virtio,cache=none,"
                        + "aio=threads")
                .containsSequence("-m", "1G", "-object")
                .endsWith("-incoming", "defer");
        assertThat(twin.get(0)).isEqualTo("qemu-system-x86_64");
        assertThat(QemuArgs.memoryKb(twin)).isEqualTo(QemuArgs.memoryKb(POD10)).isEqualTo(1024 * 1024);
        assertThat(QemuArgs.accelerator(twin)).isEqualTo("kvm");
    }

    @Test
    void preallocationIsAddedOnceInFrontOfTheIncoming() {
        List<String> twin = QemuArgs.withPreallocatedRam(QemuArgs.incomingTwin(POD10, ".in1"));

        assertThat(twin).endsWith("-mem-prealloc", "-incoming", "defer");
        assertThat(QemuArgs.withPreallocatedRam(twin)).isEqualTo(twin);
        assertThat(QemuArgs.withPreallocatedRam(List.of("-m", "256M"))).containsExactly("-m", "256M", "-mem-prealloc");
        assertThat(twin.subList(0, twin.size() - 3)).isEqualTo(QemuArgs.incomingTwin(POD10, ".in1")
                .subList(0, twin.size() - 3));
    }

    @Test
    void anExistingIncomingIsReplacedAndServedChardevSocketsRenamed() {
        List<String> argv = List.of("qemu", "-chardev", "socket,id=hb,path=/r/hb.sock,server=on,wait=off",
                "-chardev", "file,id=log,path=/r/log", "-incoming", "tcp:0:4444", "-m", "262152k", "-accel", "tcg");
        List<String> twin = QemuArgs.incomingTwin(argv, ".in2");
        assertThat(twin).containsExactly("qemu", "-chardev", "socket,id=hb,path=/r/hb.sock.in2,server=on,wait=off",
                "-chardev", "file,id=log,path=/r/log.in2", "-m", "262152k", "-accel", "tcg", "-incoming", "defer");
        assertThat(QemuArgs.memoryKb(argv)).isEqualTo(262152);
        assertThat(QemuArgs.accelerator(argv)).isEqualTo("tcg");
        assertThat(QemuArgs.createdPaths(argv)).containsExactly("/r/hb.sock", "/r/log");
    }

    @Test
    void createdPathsAreWhatTheTwinRenames() {
        assertThat(QemuArgs.createdPaths(POD10)).containsExactly("/run/kvm4nfv/kvm4nfv-guest.qmp",
                "/run/kvm4nfv/kvm4nfv-guest.console", "/run/kvm4nfv/kvm4nfv-guest.hb", "/run/kvm4nfv/kvm4nfv-guest.pid");
    }

    @Test
    void memorySizesInQemusUnits() {
        assertThat(QemuArgs.memoryKb(List.of("q", "-m", "512"))).as("MiB by default").isEqualTo(512 * 1024);
        assertThat(QemuArgs.memoryKb(List.of("q", "-m", "size=2G,slots=2,maxmem=4G"))).isEqualTo(2L << 20);
        assertThat(QemuArgs.memoryKb(List.of("q"))).as("QEMU's default 128 MiB").isEqualTo(128 * 1024);
        assertThatThrownBy(() -> QemuArgs.memoryKb(List.of("q", "-m", "lots"))).hasMessageContaining("-m lots");
        assertThat(QemuArgs.accelerator(List.of("q", "-machine", "pc,accel=kvm"))).isEqualTo("kvm");
    }

    @Test
    void aSuffixIsAPlainWord() {
        assertThatThrownBy(() -> QemuArgs.incomingTwin(POD10, "/x")).hasMessageContaining("suffix");
    }

    @Test
    void diskImagesAreWhatAnotherHostMustSeeNotTheKernelOrInitramfs() {
        assertThat(QemuArgs.diskImages(List.of("qemu-system-x86_64", "-kernel", "/b/vmlinuz", "-initrd", "/b/initrd",
                "-m", "256"))).isEmpty();
        assertThat(QemuArgs.diskImages(List.of("qemu-system-x86_64", "-hda", "/img/a.qcow2",
                "-drive", "if=virtio,file=/img/b,,odd.raw,format=raw", "-drive", "if=none,id=cd",
                "-blockdev", "driver=file,node-name=f0,filename=/img/c.qcow2", "-hda", "/img/a.qcow2")))
                .containsExactly("/img/a.qcow2", "/img/b,odd.raw", "/img/c.qcow2");
    }
}
