package io.kvm4nfv.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AcceleratorTest {

    @Test
    void aFailedKvmBootCheckSaysWhatQemuSaid(@TempDir Path dir) throws IOException {
        // what QEMU 7.2 printed here, on a host whose /dev/kvm is a nested PVM that refuses -cpu host
        Path log = Files.writeString(dir.resolve("kvmcheck-qemu.log"), """
                qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69
                qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed.

                """);
        assertThat(Accelerator.qemuSaid(log)).isEqualTo(" (QEMU: qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69"
                + " | qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion"
                + " `ret == cpu->kvm_msr_buf->nmsrs' failed.)");
        assertThat(Accelerator.qemuSaid(dir.resolve("missing.log"))).isEmpty();
        assertThat(Accelerator.qemuSaid(Files.writeString(dir.resolve("empty.log"), "\n"))).isEmpty();
    }
}
