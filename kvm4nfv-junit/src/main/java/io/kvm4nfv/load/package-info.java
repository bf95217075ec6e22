/**
 * The stress-ng loads of the KVM4NFV test types: {@link io.kvm4nfv.load.StressOptions} describes
 * one load on the host or in the guest, {@link io.kvm4nfv.load.StressLoad} runs it in its own
 * process group for the length of a measurement, and {@link io.kvm4nfv.load.TestType} names the
 * combination ({@code CPU_stress-Idle}, …). This package may use {@code config}, {@code node},
 * {@code report}, {@code result} and {@code lab}.
 */
package io.kvm4nfv.load;
