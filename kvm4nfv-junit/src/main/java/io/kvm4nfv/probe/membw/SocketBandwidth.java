package io.kvm4nfv.probe.membw;

import java.util.List;

/**
 * Traffic of one socket in one sample.
 *
 * @param socket    processor socket
 * @param readMBps  memory reads of the socket, MB/s
 * @param writeMBps memory writes of the socket, MB/s
 * @param channels  per-channel traffic (empty when PCM ran with {@code -nc} or all channels were idle)
 */
public record SocketBandwidth(int socket, double readMBps, double writeMBps, List<ChannelBandwidth> channels) {

    /**
     * Copies the channel list.
     *
     * @param socket processor socket
     * @param readMBps memory reads of the socket, MB/s
     * @param writeMBps memory writes of the socket, MB/s
     * @param channels per-channel traffic; copied
     */
    public SocketBandwidth {
        channels = List.copyOf(channels);
    }

    /**
     * Reads plus writes, MB/s.
     *
     * @return the socket's reads plus writes in MB/s
     */
    public double totalMBps() {
        return readMBps + writeMBps;
    }
}
