package io.kvm4nfv.publish.measure;

import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.result.Percentile;
import io.kvm4nfv.result.ThreadLatency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cyclictest points: one aggregate point ({@code thread=all}, what Yardstick wrote as
 * {@code min}/{@code avg}/{@code max}) and one point per thread that took samples. Percentiles
 * above the histogram range are left out (they are only known to exceed it).
 */
public final class CyclictestMeasurements implements MeasurementSource<CyclictestResult> {

    @Override
    public List<Measurement> measurements(CyclictestResult result, RunInfo run, long timestampNs) {
        MeasurementDefinition def = KvmfornfvMeasurements.cyclictest(result.testType());
        List<Measurement> points = new ArrayList<>();
        var a = result.aggregate();
        if (a.samples() > 0) {
            Map<String, Double> v = values(a.minUs(), a.avgUs(), a.maxUs(), a.samples(), a.overflows(), a.percentiles());
            points.add(def.point(run, Map.of(KvmfornfvMeasurements.THREAD_TAG, KvmfornfvMeasurements.ALL_THREADS), v,
                    timestampNs));
        }
        for (ThreadLatency t : result.threads()) {
            if (!t.hasSamples()) {
                continue;
            }
            Map<String, Double> v = values(t.minUs(), t.avgUs(), t.maxUs(), t.samples(), t.overflows(), t.percentiles());
            points.add(def.point(run, Map.of(KvmfornfvMeasurements.THREAD_TAG, Integer.toString(t.thread())), v,
                    timestampNs));
        }
        return points;
    }

    static Map<String, Double> values(long min, double avg, long max, long samples, long overflows,
                                              List<Percentile> percentiles) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("min", (double) min);
        v.put("avg", avg);
        v.put("max", (double) max);
        v.put("samples", (double) samples);
        v.put("overflows", (double) overflows);
        for (Percentile p : percentiles) {
            if (p.valueUs().isPresent()) {
                KvmfornfvMeasurements.percentileKey(p.label(), "").ifPresent(key -> v.put(key, (double) p.valueUs().getAsLong()));
            }
        }
        return v;
    }
}
