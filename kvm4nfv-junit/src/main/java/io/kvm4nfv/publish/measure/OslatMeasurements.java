package io.kvm4nfv.publish.measure;

import io.kvm4nfv.result.OslatCpuLatency;
import io.kvm4nfv.result.OslatResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * oslat points, shaped like cyclictest's: one aggregate point ({@code cpu=all}) and one point
 * per CPU that measured, in {@code kvmfornfv_oslat_<host>_<guest>}. Percentiles in the last
 * bucket (which holds the overflows) are left out: they are only known to exceed it.
 */
public final class OslatMeasurements implements MeasurementSource<OslatResult> {

    @Override
    public List<Measurement> measurements(OslatResult result, RunInfo run, long timestampNs) {
        MeasurementDefinition def = KvmfornfvMeasurements.oslat(result.testType());
        List<Measurement> points = new ArrayList<>();
        var a = result.aggregate();
        if (a.samples() > 0) {
            points.add(def.point(run, Map.of(KvmfornfvMeasurements.CPU_TAG, KvmfornfvMeasurements.ALL_CPUS),
                    CyclictestMeasurements.values(a.minUs(), a.avgUs(), a.maxUs(), a.samples(), a.overflows(),
                            a.percentiles()), timestampNs));
        }
        for (OslatCpuLatency c : result.cpus()) {
            if (c.hasSamples()) {
                points.add(def.point(run, Map.of(KvmfornfvMeasurements.CPU_TAG, Integer.toString(c.cpu())),
                        CyclictestMeasurements.values(c.minUs(), c.avgUs(), c.maxUs(), c.samples(),
                                c.histogram().overflows(), c.percentiles()), timestampNs));
            }
        }
        return points;
    }
}
