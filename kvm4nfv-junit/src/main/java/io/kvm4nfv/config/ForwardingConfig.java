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

    public ForwardingConfig {
        Objects.requireNonNull(driver, "driver");
        vsperf = Objects.requireNonNullElse(vsperf, VsperfConfig.KVM4NFV_DAILY);
    }

    /** What a pod of {@code kind} without a {@code forwarding} section gets. */
    public static ForwardingConfig defaults(PodKind kind) {
        return new ForwardingConfig(kind == PodKind.EMBEDDED ? ForwardingDriver.NATIVE : ForwardingDriver.VSPERF,
                VsperfConfig.KVM4NFV_DAILY);
    }
}
