package io.kvm4nfv.publish.measure;

import java.util.List;

/**
 * Turns one kind of typed result into InfluxDB points. One small implementation per result
 * type ({@link CyclictestMeasurements}; migration and forwarding results map their numbers
 * onto {@link KvmfornfvMeasurements#migrationPoint} and
 * {@link KvmfornfvMeasurements#forwardingPoint} the same way).
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface MeasurementSource<R> {

    List<Measurement> measurements(R result, RunInfo run, long timestampNs);
}
