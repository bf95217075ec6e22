package io.kvm4nfv.orchestration;

import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementSource;
import io.kvm4nfv.report.Journal;
import io.kvm4nfv.result.Sla;

/**
 * One measurement, ready to run: its options are fixed when the probe is made (on a
 * {@link io.kvm4nfv.lab.Lab}: a guest, a host, a traffic generator), {@link #measure} gives an
 * immutable result, {@link #sla()} judges it. {@link ProbeRunner} runs every probe the same
 * way — loads around it, record, publish, judge — for the JUnit extensions and plain Java alike.
 *
 * @param <R> the immutable result
 */
public interface Probe<R> {

    /**
     * The kind of result in the results file: {@code cyclictest}, {@code migration}, {@code forwarding}.
     *
     * @return the result kind, as the results file's {@code kind} field
     */
    String kind();

    /**
     * The step's title in the report, e.g. the command line or the deployment.
     *
     * @return a one-line title for the report step
     */
    String title();

    /**
     * Measures, reporting progress and evidence (command lines, raw output) to {@code journal}.
     *
     * @param journal the report that receives progress notes and attachments
     * @return the immutable result
     * @throws Exception when the measurement cannot run or its output cannot be read
     */
    R measure(Journal journal) throws Exception;

    /**
     * The SLA the result is judged by.
     *
     * @return the SLA of this probe
     */
    Sla<? super R> sla();

    /**
     * The KVM4NFV measurement name of the result, e.g. {@code kvmfornfv_cyclictest_idle_idle}.
     *
     * @param result the measured result
     * @return the measurement name the result is recorded and published under
     */
    String measurement(R result);

    /**
     * What the verdict speaks of, e.g. {@code cyclictest Idle-Idle on pod local}.
     *
     * @param result the measured result
     * @return a short description of what was measured, where
     */
    String subject(R result);

    /**
     * One line for the run's summary (the figures; the SLA is appended).
     *
     * @param result the measured result
     * @return the result's figures on one line
     */
    String summary(R result);

    /**
     * The InfluxDB points of the result (default: KVM4NFV's measurement for its type).
     *
     * @return the source of the InfluxDB points published for a result
     */
    default MeasurementSource<? super R> points() {
        return KvmfornfvMeasurements::points;
    }

    /**
     * Charts and tables for the report, attached after the result is recorded.
     *
     * @param result the recorded result
     * @param journal the report the charts and tables are attached to
     */
    default void attachEvidence(R result, Journal journal) {
    }
}
