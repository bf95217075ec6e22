package io.kvm4nfv.publish.measure;

import io.kvm4nfv.result.ForwardingResult;
import io.kvm4nfv.result.FrameSizeResult;
import io.kvm4nfv.result.LatencyPercentileUs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet-forwarding points: one point per frame size in the deployment's measurement
 * ({@code kvmfornfv_packet_forwarding_<deployment>}, tag {@code packet_size}) with min, avg,
 * max and the standard percentiles of the latency (µs), the received throughput in frames/s
 * and Mbit/s, the frame loss in % and the frame counts. A figure the generator did not report
 * is left out; a frame size without any figure gives no point.
 */
public final class ForwardingMeasurements implements MeasurementSource<ForwardingResult> {

    @Override
    public List<Measurement> measurements(ForwardingResult result, RunInfo run, long timestampNs) {
        List<Measurement> points = new ArrayList<>();
        for (FrameSizeResult f : result.frameSizes()) {
            Map<String, Double> v = new LinkedHashMap<>();
            KvmfornfvMeasurements.putIfKnown(v, "min_latency_us", f.minLatencyUs());
            KvmfornfvMeasurements.putIfKnown(v, "avg_latency_us", f.avgLatencyUs());
            KvmfornfvMeasurements.putIfKnown(v, "max_latency_us", f.maxLatencyUs());
            for (LatencyPercentileUs p : f.latencyPercentiles()) {
                KvmfornfvMeasurements.percentileKey(p.label(), "_latency_us").ifPresent(key -> v.put(key, p.valueUs()));
            }
            KvmfornfvMeasurements.putIfKnown(v, "throughput_rx_fps", f.throughputRxFps());
            KvmfornfvMeasurements.putIfKnown(v, "throughput_rx_mbps", f.throughputRxMbps());
            KvmfornfvMeasurements.putIfKnown(v, "frame_loss_percent", f.frameLossPercent());
            KvmfornfvMeasurements.putIfKnown(v, "frames_sent", f.framesSent());
            KvmfornfvMeasurements.putIfKnown(v, "frames_received", f.framesReceived());
            if (!v.isEmpty()) {
                points.add(KvmfornfvMeasurements.forwardingPoint(run, result.deployment(), f.frameSizeBytes(), v,
                        timestampNs));
            }
        }
        return points;
    }
}
