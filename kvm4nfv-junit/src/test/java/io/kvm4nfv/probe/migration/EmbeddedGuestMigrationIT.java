package io.kvm4nfv.probe.migration;

import io.kvm4nfv.config.PodConfigLoader;
import io.kvm4nfv.lab.EmbeddedLab;
import io.kvm4nfv.lab.Lab;

/** The live-migration contract on the embedded lab: local QEMU processes, QMP over the host node. */
class EmbeddedGuestMigrationIT extends GuestMigrationContract {

    private EmbeddedLab lab;

    @Override
    Lab openLab() {
        lab = EmbeddedLab.start(PodConfigLoader.fromSystem().load("local"));
        return lab;
    }

    @Override
    String guestName() {
        return "guest";
    }

    @Override
    String qemuMarker() {
        return lab.directory().socketDir().toAbsolutePath().toString();
    }
}
