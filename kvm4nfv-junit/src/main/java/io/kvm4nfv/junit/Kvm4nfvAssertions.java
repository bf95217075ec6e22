package io.kvm4nfv.junit;

import io.kvm4nfv.result.CyclictestResult;

/**
 * AssertJ entry points for KVM4NFV results, for extra checks in test bodies:
 * {@code assertThat(result).hasMaxLatencyBelowUs(1000)}.
 */
public final class Kvm4nfvAssertions {

    private Kvm4nfvAssertions() {
    }

    /**
     * Starts assertions on a cyclictest result.
     *
     * @param actual the result to check
     * @return an AssertJ assertion with latency, sample, overflow and thread checks
     */
    public static CyclictestResultAssert assertThat(CyclictestResult actual) {
        return new CyclictestResultAssert(actual);
    }
}
