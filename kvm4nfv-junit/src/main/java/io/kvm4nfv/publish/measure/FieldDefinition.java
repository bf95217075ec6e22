package io.kvm4nfv.publish.measure;

import java.util.Objects;

/**
 * A numeric field of a measurement, with what a dashboard needs to show it.
 *
 * @param key   field key in InfluxDB, e.g. {@code max} or {@code downtime_ms}
 * @param title human title, e.g. {@code Max latency}
 * @param unit  Grafana unit id, e.g. {@code µs}, {@code ms}, {@code percent}, {@code none}
 */
public record FieldDefinition(String key, String title, String unit) {

    /**
     * Checks the field.
     *
     * @param key   field key in InfluxDB, lower snake case
     * @param title human title
     * @param unit  Grafana unit id
     * @throws NullPointerException     when a component is {@code null}
     * @throws IllegalArgumentException when {@code key} is not lower snake case
     */
    public FieldDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(unit, "unit");
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("field key must be lower snake case: " + key);
        }
    }
}
