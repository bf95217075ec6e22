package io.kvm4nfv.result;

import java.util.List;

/**
 * The guest memory integrity check after a migration: blocks written before (fixed content,
 * checksums kept on the host) and during (a writer loop) the migration, verified afterwards.
 *
 * @param blocksChecked blocks verified
 * @param failures      one line per bad block (empty when all are intact)
 */
public record IntegrityReport(int blocksChecked, List<String> failures) {

    /**
     * Copies the failures.
     *
     * @param blocksChecked blocks verified
     * @param failures      one line per bad block, or {@code null} for none
     */
    public IntegrityReport {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /**
     * Whether the guest memory survived the migration.
     *
     * @return {@code true} when no failure was listed and at least one block was checked
     */
    public boolean intact() {
        return failures.isEmpty() && blocksChecked > 0;
    }
}
