package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * A QMP event seen during a migration, on either side.
 *
 * @param side   {@code source} or {@code destination}
 * @param name   event name ({@code MIGRATION}, {@code MIGRATION_PASS}, {@code STOP}, {@code RESUME}, ...)
 * @param atMs   QEMU's event timestamp, in milliseconds since the {@code migrate} command was sent
 *               (both QEMUs run on clocks of the same host when local; across hosts clocks may differ)
 * @param detail {@code data.status} of {@code MIGRATION}, {@code data.pass} of {@code MIGRATION_PASS},
 *               otherwise {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationTimelineEvent(String side, String name, double atMs, String detail) {

    /**
     * Checks that side and name are set.
     *
     * @param side   {@code source} or {@code destination}; not {@code null}
     * @param name   the QMP event name; not {@code null}
     * @param atMs   QEMU's event timestamp, ms since the {@code migrate} command was sent
     * @param detail the event's status or pass, or {@code null}
     * @throws NullPointerException when {@code side} or {@code name} is {@code null}
     */
    public MigrationTimelineEvent {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(name, "name");
    }
}
