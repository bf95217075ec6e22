package io.kvm4nfv.load;

import java.util.Locale;
import java.util.Objects;

/**
 * A KVM4NFV test type {@code [Host-Type]-[Guest-Type]}, e.g. {@code CPU_stress-Idle}.
 *
 * @param host the load on the host
 * @param guest the load in the guest
 */
public record TestType(StressType host, StressType guest) {

    public static final TestType IDLE_IDLE = new TestType(StressType.IDLE, StressType.IDLE);

    public TestType {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(guest, "guest");
    }

    /** {@code Idle-Idle}, {@code CPU_stress-Idle}, … */
    public String displayName() {
        return host.testTypeName() + "-" + guest.testTypeName();
    }

    /** {@code idle_idle}, {@code cpustress_idle}, … as used in KVM4NFV's measurement names. */
    public String slug() {
        return slug(host) + "_" + slug(guest);
    }

    private static String slug(StressType t) {
        return t.testTypeName().replace("_", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
