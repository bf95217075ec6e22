package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.Measurement;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * InfluxDB 1.x line protocol: {@code measurement,tag=v,… field=1.5,… timestampNs}.
 * Tags come sorted by key (what InfluxDB recommends for write speed); the measurement
 * escapes commas and spaces, tag keys, tag values and field keys escape commas, equals signs
 * and spaces (and a backslash before them); field values are floats written as plain
 * decimals ({@code 12.0}, never a quoted string, never {@code 1.0E-4}).
 */
public final class InfluxLineProtocol {

    private InfluxLineProtocol() {
    }

    /**
     * One line, without trailing newline.
     *
     * @param m the point
     * @return the point in line protocol, timestamp in ns
     * @throws IllegalArgumentException when the name, a tag or a field key holds a line break
     */
    public static String line(Measurement m) {
        StringBuilder sb = new StringBuilder(escapeMeasurement(m.name()));
        for (Map.Entry<String, String> tag : m.tags().entrySet()) {
            sb.append(',').append(escapeKey(tag.getKey())).append('=').append(escapeKey(tag.getValue()));
        }
        sb.append(' ');
        sb.append(m.fields().entrySet().stream()
                .map(f -> escapeKey(f.getKey()) + "=" + Measurement.plain(f.getValue()))
                .collect(Collectors.joining(",")));
        sb.append(' ').append(m.timestampNs());
        return sb.toString();
    }

    /**
     * The lines of several points, each ending in a newline.
     *
     * @param measurements the points, written in this order
     * @return the body of one InfluxDB write; empty for no point
     * @throws IllegalArgumentException when a name, tag or field key holds a line break
     */
    public static String lines(List<Measurement> measurements) {
        StringBuilder sb = new StringBuilder();
        measurements.forEach(m -> sb.append(line(m)).append('\n'));
        return sb.toString();
    }

    static String escapeMeasurement(String s) {
        return escape(s, ", ");
    }

    static String escapeKey(String s) {
        return escape(s, ", =");
    }

    private static String escape(String s, String special) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("line protocol names and tags cannot hold a newline: " + s);
            }
            if (special.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
