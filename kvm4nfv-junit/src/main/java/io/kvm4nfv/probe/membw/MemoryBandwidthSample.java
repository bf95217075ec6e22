package io.kvm4nfv.probe.membw;

import java.util.List;

/**
 * One pcm-memory sample.
 *
 * @param index           0-based sample number
 * @param timestamp       PCM's date and time of the sample, as printed ({@code 2024-05-01 10:00:01.250})
 * @param sockets         per-socket traffic
 * @param systemReadMBps  reads of the whole system, MB/s
 * @param systemWriteMBps writes of the whole system, MB/s
 */
public record MemoryBandwidthSample(int index, String timestamp, List<SocketBandwidth> sockets,
                                    double systemReadMBps, double systemWriteMBps) {

    /**
     * Copies the socket list.
     *
     * @param index 0-based sample number
     * @param timestamp PCM's date and time of the sample, as printed
     * @param sockets per-socket traffic; copied
     * @param systemReadMBps reads of the whole system, MB/s
     * @param systemWriteMBps writes of the whole system, MB/s
     */
    public MemoryBandwidthSample {
        sockets = List.copyOf(sockets);
    }

    /**
     * Reads plus writes of the whole system, MB/s.
     *
     * @return the system's reads plus writes in MB/s
     */
    public double systemTotalMBps() {
        return systemReadMBps + systemWriteMBps;
    }
}
