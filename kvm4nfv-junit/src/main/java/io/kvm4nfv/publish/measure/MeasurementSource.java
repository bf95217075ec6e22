package io.kvm4nfv.publish.measure;

import java.util.List;

/**
 * Turns one kind of typed result into InfluxDB points. One small implementation per result
 * type: {@link CyclictestMeasurements}, {@link MigrationMeasurements},
 * {@link ForwardingMeasurements}; {@link KvmfornfvMeasurements#points} picks the one that fits.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface MeasurementSource<R> {

    /**
     * The points of one result.
     *
     * @param result      the typed result
     * @param run         the run whose tags every point carries
     * @param timestampNs the points' time, nanoseconds since the epoch
     * @return the points; empty when the result has none
     */
    List<Measurement> measurements(R result, RunInfo run, long timestampNs);
}
