/**
 * Live migration of a lab's guest, driven over QMP ({@link io.kvm4nfv.probe.migration.QmpClient}):
 * {@link io.kvm4nfv.probe.migration.MigrationRun} runs and times one migration,
 * {@link io.kvm4nfv.probe.migration.PingPongRun} migrates back and forth, and
 * {@link io.kvm4nfv.probe.migration.MeasuredMigration} measures it twice (QEMU's figures and a
 * guest heartbeat timed on the host, {@link io.kvm4nfv.probe.migration.HeartbeatMonitor}) and
 * checks the guest's memory afterwards. Like every probe it may use {@code config}, {@code node},
 * {@code report}, {@code result}, {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.migration;
