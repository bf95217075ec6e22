package io.kvm4nfv.probe.membw;

/**
 * Traffic of one memory channel in one sample.
 *
 * @param socket    processor socket
 * @param channel   memory controller channel
 * @param readMBps  reads, MB/s
 * @param writeMBps writes, MB/s
 */
public record ChannelBandwidth(int socket, int channel, double readMBps, double writeMBps) {
}
