package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * An asynchronous QMP event ({@code MIGRATION}, {@code MIGRATION_PASS}, {@code STOP},
 * {@code RESUME}, {@code SHUTDOWN}, ...) with QEMU's own timestamp.
 *
 * @param name          the event name
 * @param data          the event's {@code data} object (an empty object when absent)
 * @param timestamp     when QEMU emitted it (its {@code timestamp}, microsecond precision)
 * @param receivedNanos {@link System#nanoTime()} when this client read it
 */
public record QmpEvent(String name, JsonNode data, Instant timestamp, long receivedNanos) {

    /**
     * Checks that name, data and timestamp are set.
     *
     * @param name          the event name
     * @param data          the event's {@code data} object
     * @param timestamp     when QEMU emitted it
     * @param receivedNanos {@link System#nanoTime()} when this client read it
     * @throws NullPointerException when one of them is {@code null}
     */
    public QmpEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * The text of {@code data.<field>}, or {@code null}.
     *
     * @param field a field name of the event's data, e.g. {@code status} of {@code MIGRATION}
     * @return the field's value as text, or {@code null} when it is absent or JSON {@code null}
     */
    public String dataText(String field) {
        JsonNode v = data.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
