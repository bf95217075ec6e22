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

    /** No load on the host, none in the guest: {@code Idle-Idle}. */
    public static final TestType IDLE_IDLE = new TestType(StressType.IDLE, StressType.IDLE);

    /**
     * Checks that both loads are given.
     *
     * @param host  the load on the host; not {@code null}
     * @param guest the load in the guest; not {@code null}
     * @throws NullPointerException when either is {@code null}
     */
    public TestType {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(guest, "guest");
    }

    /**
     * The test type as KVM4NFV writes it.
     *
     * @return {@code Idle-Idle}, {@code CPU_stress-Idle}, …
     */
    public String displayName() {
        return host.testTypeName() + "-" + guest.testTypeName();
    }

    /**
     * The test type as used in KVM4NFV's measurement names.
     *
     * @return {@code idle_idle}, {@code cpustress_idle}, …
     */
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
