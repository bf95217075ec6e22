/**
 * The machines of a pod, connected: a {@link io.kvm4nfv.lab.Lab} is either an
 * {@link io.kvm4nfv.lab.SshLab} (a real pod over SSH) or an {@link io.kvm4nfv.lab.EmbeddedLab}
 * (hosts behind local sshds, QEMU guests booted from the lab's own guest image), opened with
 * {@link io.kvm4nfv.lab.Labs}; the {@link io.kvm4nfv.lab.Reaper} makes sure nothing a lab
 * starts outlives the JVM. A probe needs no particular kind of lab: both give the same
 * {@link io.kvm4nfv.lab.Guest} contract. This package may use only {@code config} and {@code node}.
 */
package io.kvm4nfv.lab;
