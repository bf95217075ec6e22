package io.kvm4nfv.publish.measure;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One time-series point as stored in InfluxDB: a measurement name, tags (sorted by key),
 * numeric fields (sorted by key) and a timestamp in nanoseconds since the epoch.
 *
 * <p>Every field is a finite number and is stored as a float: InfluxDB 1.x fixes a field's
 * type on its first write to a shard and rejects later writes of another type, so writing
 * {@code 7} as an integer one day and {@code 7.5} as a float the next would lose results.
 * Yardstick wrote floats too. A value that is not known (e.g. a percentile above the
 * histogram range) is left out, never invented.
 *
 * @param name        measurement name, e.g. {@code kvmfornfv_cyclictest_idle_idle}
 * @param tags        tag keys to values (strings), sorted by key
 * @param fields      field keys to numbers, sorted by key, at least one
 * @param timestampNs nanoseconds since 1970-01-01T00:00Z
 */
public record Measurement(String name, SortedMap<String, String> tags, SortedMap<String, Double> fields,
                          long timestampNs) {

    /**
     * Checks the point and makes sorted, unmodifiable copies of the maps.
     *
     * @param name        measurement name, not empty
     * @param tags        tag keys to values, none of them empty
     * @param fields      field keys to finite numbers, at least one
     * @param timestampNs nanoseconds since 1970-01-01T00:00Z
     * @throws NullPointerException     when {@code tags} or {@code fields} is {@code null}
     * @throws IllegalArgumentException for an empty name, no field, an empty tag key or value, or a field that is
     *                                  {@code null}, NaN or infinite
     */
    public Measurement {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("measurement name must not be empty");
        }
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(tags, "tags")));
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(fields, "fields")));
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(name + ": a measurement needs at least one field");
        }
        tags.forEach((k, v) -> {
            if (k.isEmpty() || v == null || v.isEmpty()) {
                throw new IllegalArgumentException(name + ": tag '" + k + "' must have a non-empty key and value");
            }
        });
        fields.forEach((k, v) -> {
            if (k.isEmpty() || v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + ": field '" + k + "' must be a finite number, was " + v);
            }
        });
    }

    /**
     * Convenience factory from unsorted maps.
     *
     * @param name        measurement name
     * @param tags        tag keys to values, any order
     * @param fields      field keys to finite numbers, any order, at least one
     * @param timestampNs nanoseconds since 1970-01-01T00:00Z
     * @return the point, maps sorted by key
     * @throws IllegalArgumentException as the constructor
     */
    public static Measurement of(String name, Map<String, String> tags, Map<String, Double> fields, long timestampNs) {
        return new Measurement(name, new TreeMap<>(tags), new TreeMap<>(fields), timestampNs);
    }

    /**
     * The field value as a plain decimal string, e.g. {@code 12.0}, {@code 0.000125} (never {@code 1.0E-4}).
     *
     * @param value a finite number
     * @return the shortest decimal of {@code value}, with at least one digit after the point
     * @throws NumberFormatException when {@code value} is NaN or infinite
     */
    public static String plain(double value) {
        String s = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
