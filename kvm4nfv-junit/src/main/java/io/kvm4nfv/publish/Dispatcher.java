package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.RunInfo;

/**
 * Sends results somewhere: a file, InfluxDB, an HTTP results API. Implementations are
 * called by one {@link Publisher} at a time (never concurrently) and must not log or put
 * in an exception any credential.
 */
public interface Dispatcher {

    /**
     * Short name used in reports and as the spool folder: {@code file}, {@code influxdb}, {@code http}.
     *
     * @return the dispatcher's name
     */
    String name();

    /**
     * Delivers one record of run {@code run} (a spooled record keeps the run it was measured in).
     *
     * @param record the result to deliver
     * @param run    the run it was measured in: task id, pod, installer, scenario, version
     * @throws RecordNotDeliveredException when it was not delivered; {@link RecordNotDeliveredException#retryable()}
     *                           tells whether sending it again later can succeed
     */
    void dispatch(ResultRecord record, RunInfo run) throws RecordNotDeliveredException;
}
