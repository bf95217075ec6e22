package io.kvm4nfv.publish.measure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of one InfluxDB measurement: its name, the tags it carries besides the
 * {@link RunInfo run tags}, and its numeric fields. The same definitions build the points
 * ({@link #point}) and the Grafana dashboards, so a dashboard can only query what is
 * written.
 *
 * @param name    measurement name, e.g. {@code kvmfornfv_cyclictest_idle_idle}
 * @param tagKeys the measurement's own tag keys (e.g. {@code thread}, {@code packet_size})
 * @param fields  the numeric fields, in display order
 */
public record MeasurementDefinition(String name, List<String> tagKeys, List<FieldDefinition> fields) {

    /**
     * Checks the name and the field keys and copies the lists.
     *
     * @param name    measurement name, lower snake case
     * @param tagKeys the measurement's own tag keys
     * @param fields  the numeric fields, in display order, each key once
     * @throws NullPointerException     when {@code name} is {@code null}
     * @throws IllegalArgumentException for a name that is not lower snake case or a field key listed twice
     */
    public MeasurementDefinition {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("measurement name must be lower snake case: " + name);
        }
        tagKeys = List.copyOf(tagKeys);
        fields = List.copyOf(fields);
        Set<String> keys = new LinkedHashSet<>();
        for (FieldDefinition f : fields) {
            if (!keys.add(f.key())) {
                throw new IllegalArgumentException(name + ": duplicate field " + f.key());
            }
        }
    }

    /**
     * The field with this key.
     *
     * @param key the field key, e.g. {@code max}
     * @return the field's definition, or empty when this measurement has no such field
     */
    public Optional<FieldDefinition> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /**
     * All tag keys a point of this measurement may carry: the run tags and its own.
     *
     * @return {@link RunInfo#TAG_KEYS} followed by {@link #tagKeys()}
     */
    public Set<String> allTagKeys() {
        Set<String> all = new LinkedHashSet<>(RunInfo.TAG_KEYS);
        all.addAll(tagKeys);
        return all;
    }

    /**
     * Builds a point, checking that it has exactly this measurement's own tags and only
     * defined fields (a field may be absent when its value is unknown).
     *
     * @param run         the run whose tags every point carries
     * @param ownTags     the values of exactly this measurement's own tag keys
     * @param values      field keys to finite numbers, each a defined field, at least one
     * @param timestampNs nanoseconds since 1970-01-01T00:00Z
     * @return the point with the run tags and its own
     * @throws IllegalArgumentException naming the unknown or missing key
     */
    public Measurement point(RunInfo run, Map<String, String> ownTags, Map<String, Double> values, long timestampNs) {
        if (!Set.copyOf(tagKeys).equals(ownTags.keySet())) {
            throw new IllegalArgumentException(name + ": tags must be " + tagKeys + ", got " + ownTags.keySet());
        }
        List<String> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (field(key).isEmpty()) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name + ": undefined fields " + unknown);
        }
        Map<String, String> tags = new TreeMap<>(run.tags());
        tags.putAll(ownTags);
        return Measurement.of(name, tags, values, timestampNs);
    }
}
