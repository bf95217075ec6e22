package io.kvm4nfv.load;

/** Where a load runs: on the host (outside the guest) or inside the guest. */
public enum StressTarget {
    /** On the host, outside the guest (the KVM4NFV test type's {@code Host-Type}). */
    HOST,
    /** Inside the guest (the KVM4NFV test type's {@code Guest-Type}). */
    GUEST
}
