package io.kvm4nfv.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How QEMU runs a guest: hardware virtualisation ({@code kvm}) or emulation ({@code tcg}).
 * {@link #detect} proves KVM by booting the lab's guest with it, because a {@code /dev/kvm}
 * can exist and still be unable to run a stock kernel (nested paravirtual hypervisors).
 */
public enum Accelerator {
    /** Kernel-based virtual machine ({@code -accel kvm}). */
    KVM,
    /** QEMU's tiny code generator, pure emulation ({@code -accel tcg}). */
    TCG;

    private static final Logger LOG = LoggerFactory.getLogger(Accelerator.class);

    /** System property (or environment variable {@code KVM4NFV_LAB_ACCEL}) that forces one: {@code kvm} or {@code tcg}. */
    public static final String OVERRIDE_PROPERTY = "kvm4nfv.lab.accel";

    /** How long the KVM boot check may take before KVM is declared unusable. */
    public static final Duration BOOT_CHECK_TIMEOUT = Duration.ofSeconds(30);

    private static volatile Accelerator detected;

    /**
     * The name QEMU's {@code -accel} takes.
     *
     * @return {@code kvm} or {@code tcg}
     */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code kvm} or {@code tcg} (any case, surrounding blanks ignored).
     *
     * @param text the accelerator's name
     * @return the matching constant
     * @throws IllegalArgumentException when {@code text} names neither
     */
    public static Accelerator parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The accelerator to use on this machine: the override if set, else {@link #TCG} when
     * {@code /dev/kvm} is not usable, else the result of booting {@code image} under KVM until
     * its ready marker appears on the console. The result is cached for the JVM's lifetime.
     *
     * @param image    the guest image booted by the KVM check
     * @param launcher starts the check's QEMU
     * @return {@link #KVM} only when a guest booted under KVM within {@link #BOOT_CHECK_TIMEOUT}, else {@link #TCG}
     * @throws IllegalArgumentException when the override names no accelerator
     */
    public static Accelerator detect(GuestImage image, QemuLauncher launcher) {
        Accelerator result = detected;
        if (result == null) {
            synchronized (Accelerator.class) {
                result = detected;
                if (result == null) {
                    result = probe(image, launcher);
                    detected = result;
                }
            }
        }
        return result;
    }

    /**
     * The accelerator {@value #OVERRIDE_PROPERTY} (or {@code KVM4NFV_LAB_ACCEL}) forces, if any.
     * The system property wins over the environment variable.
     *
     * @return the forced accelerator, or empty when neither is set (or both are blank)
     * @throws IllegalArgumentException when the value names no accelerator
     */
    public static java.util.Optional<Accelerator> forced() {
        String forced = System.getProperty(OVERRIDE_PROPERTY, System.getenv("KVM4NFV_LAB_ACCEL"));
        return forced == null || forced.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(parse(forced));
    }

    private static Accelerator probe(GuestImage image, QemuLauncher launcher) {
        java.util.Optional<Accelerator> forced = forced();
        if (forced.isPresent()) {
            LOG.info("accelerator {} forced by {}", forced.get(), OVERRIDE_PROPERTY);
            return forced.get();
        }
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            LOG.info("no usable /dev/kvm: guests run under TCG");
            return TCG;
        }
        return bootsUnderKvm(image, launcher) ? KVM : TCG;
    }

    private static boolean bootsUnderKvm(GuestImage image, QemuLauncher launcher) {
        Path dir;
        try {
            dir = LabPaths.newRunDir("kvmcheck");
        } catch (UncheckedIOException e) {
            LOG.warn("cannot create a directory for the KVM boot check: using TCG", e);
            return false;
        }
        GuestOptions options = GuestOptions.defaults("kvmcheck", dir, LabPaths.freeLoopbackPort(),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKvm4nfvKvmCheckNotAKeyNotAKeyNotAKey0000 kvm-check", KVM);
        long start = System.nanoTime();
        try (GuestVm vm = launcher.launch(image, options)) {
            boolean ok = vm.awaitConsole(QemuCommand.READY_MARKER, BOOT_CHECK_TIMEOUT);
            LOG.info("KVM boot check {} after {} ms: guests run under {}{}", ok ? "passed" : "failed",
                    (System.nanoTime() - start) / 1_000_000, ok ? "KVM" : "TCG", ok ? "" : qemuSaid(vm.qemuLog()));
            return ok;
        } catch (GuestStartException e) {
            LOG.info("KVM boot check failed ({}): guests run under TCG", e.getMessage());
            return false;
        } finally {
            LabPaths.deleteRecursively(dir);
        }
    }

    /** QEMU's last lines (e.g. "failed to set MSR 0x10a"), so that a fallback to TCG says why. */
    static String qemuSaid(Path qemuLog) {
        try {
            List<String> lines = Files.readAllLines(qemuLog).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "" : " (QEMU: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                    lines.size())) + ")";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
