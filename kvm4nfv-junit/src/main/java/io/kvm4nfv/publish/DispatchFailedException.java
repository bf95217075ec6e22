package io.kvm4nfv.publish;

/**
 * Thrown by {@link Publisher} to the test when {@link PublishOptions#failOnDispatchError()} is set and a
 * dispatcher failed (each failure a {@link RecordNotDeliveredException}, all listed in the
 * {@link #report()}). The result is nevertheless in the results file and in the spool.
 */
public class DispatchFailedException extends RuntimeException {

    private final DispatchReport report;

    public DispatchFailedException(DispatchReport report) {
        super("result dispatch failed (kept locally and spooled): " + report.summary());
        this.report = report;
    }

    public DispatchReport report() {
        return report;
    }
}
