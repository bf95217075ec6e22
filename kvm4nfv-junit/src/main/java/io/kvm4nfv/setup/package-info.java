/**
 * Host and guest setup sequences: {@link io.kvm4nfv.setup.SetupSequence} (scripts from the
 * pod's script directories and the built-in {@code reboot}), run step by step by
 * {@link io.kvm4nfv.setup.SetupRunner}, and the provisioned {@link io.kvm4nfv.setup.Environment}
 * (host set up, guest up and set up) that tests with the same sequences share. This package
 * may use {@code config}, {@code node}, {@code report} and {@code lab}.
 */
package io.kvm4nfv.setup;
