package io.kvm4nfv.probe.migration;

import java.util.List;

/**
 * The monitor's greeting: QEMU's version and the capabilities it offers.
 *
 * @param major        QEMU major version
 * @param minor        QEMU minor version
 * @param micro        QEMU micro version
 * @param packageName  the distribution package string (may be empty)
 * @param capabilities offered QMP capabilities, e.g. {@code oob}
 */
public record QmpGreeting(int major, int minor, int micro, String packageName, List<String> capabilities) {

    /**
     * Copies the capabilities; {@code null} becomes an empty list.
     *
     * @param major        QEMU major version
     * @param minor        QEMU minor version
     * @param micro        QEMU micro version
     * @param packageName  the distribution package string
     * @param capabilities offered QMP capabilities, or {@code null} for none
     */
    public QmpGreeting {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /**
     * QEMU's version as one string.
     *
     * @return {@code major.minor.micro}, e.g. {@code 7.2.0}
     */
    public String version() {
        return major + "." + minor + "." + micro;
    }
}
