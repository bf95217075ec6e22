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

    public IntegrityReport {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** Whether every block was intact (and at least one was checked). */
    public boolean intact() {
        return failures.isEmpty() && blocksChecked > 0;
    }
}
