package io.kvm4nfv.junit;

import io.kvm4nfv.result.CyclictestResult;

/**
 * AssertJ entry points for KVM4NFV results, for extra checks in test bodies:
 * {@code assertThat(result).hasMaxLatencyBelowUs(1000)}.
 */
public final class Kvm4nfvAssertions {

    private Kvm4nfvAssertions() {
    }

    public static CyclictestResultAssert assertThat(CyclictestResult actual) {
        return new CyclictestResultAssert(actual);
    }
}
