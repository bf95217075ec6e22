package io.kvm4nfv.lab;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lab guests on this machine: QEMU child processes of the JVM booted from the lab's
 * {@link GuestImage} ({@link QemuLauncher}), each carrying the reaper's marker and registered with
 * the lab's {@link Reaper} (when there is one) as soon as it runs, so that none outlives the JVM,
 * and reached over SSH with the lab's {@link GuestLogin}. The one way the embedded lab starts a
 * guest, whether a pod's guest ({@link EmbeddedLab}) or a forwarding VM ({@link LocalForwardingHost}).
 */
final class LocalGuests {

    private final GuestImage image;
    private final GuestLogin login;
    private final Reaper reaper;
    private final QemuLauncher launcher;

    /**
     * @param image  the guest image to boot
     * @param login  how the guests are reached over SSH
     * @param reaper registers every QEMU so that none outlives the JVM, or {@code null}
     */
    LocalGuests(GuestImage image, GuestLogin login, Reaper reaper) {
        this.image = Objects.requireNonNull(image, "image");
        this.login = Objects.requireNonNull(login, "login");
        this.reaper = reaper;
        this.launcher = new QemuLauncher();
    }

    GuestImage image() {
        return image;
    }

    GuestLogin login() {
        return login;
    }

    /** The registry of what is started for the guests: the reaper, or {@link LabResources#none()}. */
    LabResources resources() {
        return reaper == null ? LabResources.none() : reaper;
    }

    /**
     * Starts a guest's QEMU with {@code environment} (plus the reaper's marker) and registers it
     * as {@code label}; returns as soon as QEMU runs.
     */
    LocalQemu start(GuestOptions options, Map<String, String> environment, String label) {
        return register(launcher.launch(image, options, withMarker(environment)), label);
    }

    /** As {@link #start(GuestOptions, Map, String)}, QEMU's own output in {@code qemuLog}. */
    LocalQemu start(GuestOptions options, Path qemuLog, String label) {
        return register(launcher.launch(image, options, qemuLog, withMarker(Map.of())), label);
    }

    private Map<String, String> withMarker(Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(environment);
        if (reaper != null) {
            all.putAll(reaper.marker());  // the reaper's from its first instruction
        }
        return all;
    }

    private LocalQemu register(GuestVm vm, String label) {
        if (reaper == null) {
            return new LocalQemu(vm, null);
        }
        try {
            return new LocalQemu(vm, reaper.register(label, vm.pid()));
        } catch (RuntimeException e) {
            vm.stop();
            throw e;
        }
    }

    /**
     * A guest's running QEMU and its reaper registration ({@code null} without a reaper); closing
     * stops the QEMU and ends the registration.
     */
    record LocalQemu(GuestVm vm, Reaper.Registration registration) implements AutoCloseable {
        @Override
        public void close() {
            vm.stop();
            if (registration != null) {
                registration.close();
            }
        }
    }
}
