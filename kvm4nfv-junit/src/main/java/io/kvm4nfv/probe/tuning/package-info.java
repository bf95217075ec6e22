/**
 * Kernel and BIOS tuning checks: {@link io.kvm4nfv.probe.tuning.TuningProbe} reads
 * {@code /proc/cmdline}, {@code /sys} and {@code /proc} of a node in one POSIX sh command and
 * {@link io.kvm4nfv.probe.tuning.TuningReport} puts expected
 * ({@link io.kvm4nfv.probe.tuning.TuningExpectations}) against actual, row by row, with a
 * {@link io.kvm4nfv.probe.tuning.TuningPolicy} (FAIL, WARN, OFF) deciding what a mismatch means.
 * Read-only: nothing on the node is changed.
 * Like every probe it may use {@code config}, {@code node}, {@code report}, {@code result},
 * {@code lab}, {@code setup} and {@code load}.
 */
package io.kvm4nfv.probe.tuning;
