package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * One {@code query-migrate} poll of the source during a migration.
 *
 * @param atMs               milliseconds since the {@code migrate} command was sent
 * @param status             QEMU's migration status ({@code setup}, {@code active}, {@code completed}, ...)
 * @param remainingBytes     {@code ram.remaining}, or {@code null} when QEMU did not report RAM
 * @param transferredBytes   {@code ram.transferred}, or {@code null}
 * @param expectedDowntimeMs {@code expected-downtime}, or {@code null}
 * @param dirtyPagesRate     {@code ram.dirty-pages-rate} (pages/s), or {@code null}
 * @param mbps               {@code ram.mbps}, or {@code null}
 * @param dirtySyncCount     {@code ram.dirty-sync-count} (passes so far), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationSample(double atMs, String status, Long remainingBytes, Long transferredBytes,
                              Long expectedDowntimeMs, Long dirtyPagesRate, Double mbps, Long dirtySyncCount) {

    /**
     * Checks that the status is set.
     *
     * @param atMs               milliseconds since the {@code migrate} command was sent
     * @param status             QEMU's migration status; not {@code null}
     * @param remainingBytes     {@code ram.remaining}, or {@code null}
     * @param transferredBytes   {@code ram.transferred}, or {@code null}
     * @param expectedDowntimeMs {@code expected-downtime}, or {@code null}
     * @param dirtyPagesRate     {@code ram.dirty-pages-rate} (pages/s), or {@code null}
     * @param mbps               {@code ram.mbps}, or {@code null}
     * @param dirtySyncCount     {@code ram.dirty-sync-count}, or {@code null}
     * @throws NullPointerException when {@code status} is {@code null}
     */
    public MigrationSample {
        Objects.requireNonNull(status, "status");
    }
}
