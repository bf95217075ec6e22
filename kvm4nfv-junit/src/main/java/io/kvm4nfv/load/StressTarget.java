package io.kvm4nfv.load;

/** Where a load runs: on the host (outside the guest) or inside the guest. */
public enum StressTarget {
    HOST,
    GUEST
}
