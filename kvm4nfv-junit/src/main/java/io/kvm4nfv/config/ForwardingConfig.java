package io.kvm4nfv.config;

import java.util.Objects;

/**
 * How a pod runs packet-forwarding tests ({@code forwarding} in the pod file).
 *
 * @param driver which driver runs them; default {@link ForwardingDriver#NATIVE} on an embedded pod,
 *               {@link ForwardingDriver#VSPERF} on an ssh pod
 * @param vsperf how VSPERF is run when the driver is {@code vsperf} (KVM4NFV's daily job by default)
 */
public record ForwardingConfig(ForwardingDriver driver, VsperfConfig vsperf) {

    /**
     * Checks the driver and defaults the VSPERF settings.
     *
     * @param driver which driver runs the tests; not {@code null}
     * @param vsperf how VSPERF is run, or {@code null} for {@link VsperfConfig#KVM4NFV_DAILY}
     * @throws NullPointerException when {@code driver} is {@code null}
     */
    public ForwardingConfig {
        Objects.requireNonNull(driver, "driver");
        vsperf = Objects.requireNonNullElse(vsperf, VsperfConfig.KVM4NFV_DAILY);
    }

    /**
     * What a pod of {@code kind} without a {@code forwarding} section gets.
     *
     * @param kind the pod's kind
     * @return {@link ForwardingDriver#NATIVE} for an embedded pod, else {@link ForwardingDriver#VSPERF}; both with {@link VsperfConfig#KVM4NFV_DAILY}
     */
    public static ForwardingConfig defaults(PodKind kind) {
        return new ForwardingConfig(kind == PodKind.EMBEDDED ? ForwardingDriver.NATIVE : ForwardingDriver.VSPERF,
                VsperfConfig.KVM4NFV_DAILY);
    }
}
