package io.kvm4nfv.publish;

/**
 * Thrown by {@link Publisher} to the test when {@link PublishOptions#failOnDispatchError()} is set and a
 * dispatcher failed (each failure a {@link RecordNotDeliveredException}, all listed in the
 * {@link #report()}). The result is nevertheless in the results file and in the spool.
 */
public class DispatchFailedException extends RuntimeException {

    /** The outcome of every dispatcher for the record, failures included. */
    private final DispatchReport report;

    /**
     * A failed dispatch; the message summarises the report.
     *
     * @param report what every dispatcher did with the record
     */
    public DispatchFailedException(DispatchReport report) {
        super("result dispatch failed (kept locally and spooled): " + report.summary());
        this.report = report;
    }

    /**
     * What every dispatcher did with the record.
     *
     * @return the report given to the constructor
     */
    public DispatchReport report() {
        return report;
    }
}
