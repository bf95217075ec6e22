package io.kvm4nfv.publish;

import java.util.Locale;

/** The dispatchers a run can use, by their configuration names. */
public enum DispatcherType {
    /** The Yardstick-style run document {@code yardstick.out} in the results directory. */
    FILE,
    /** InfluxDB 1.x over HTTP. */
    INFLUXDB,
    /** The OPNFV test-results API over HTTP. */
    HTTP;

    /**
     * {@code file}, {@code influxdb} or {@code http}.
     *
     * @return the name in {@code kvm4nfv.publish.dispatchers}: the constant's name in lower case
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The dispatcher of a configuration name.
     *
     * @param name {@code file}, {@code influxdb} or {@code http}; case and surrounding blanks ignored
     * @return the matching dispatcher type
     * @throws IllegalArgumentException for any other name
     */
    public static DispatcherType parse(String name) {
        for (DispatcherType t : values()) {
            if (t.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dispatcher '" + name + "' (file, influxdb, http)");
    }
}
