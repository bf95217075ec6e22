package io.kvm4nfv.probe.forwarding;

import java.util.List;

/** Frame sizes and what fits in them. */
public final class FrameSizes {

    /** The frame sizes of the KVM4NFV packet-forwarding tests (RFC 2544 set without 256). */
    public static final List<Integer> KVM4NFV = List.of(64, 128, 512, 1024, 1518);
    /** Ethernet header (dst, src, ethertype). */
    public static final int ETHERNET_HEADER = 14;
    /** Ethernet frame check sequence; frame sizes count it, as RFC 2544 does. */
    public static final int FCS = 4;
    /** IPv4 header without options. */
    public static final int IPV4_HEADER = 20;
    /** UDP header. */
    public static final int UDP_HEADER = 8;

    private FrameSizes() {
    }

    /**
     * UDP payload that makes an IPv4/UDP Ethernet frame of {@code frameSize} bytes:
     * frame − 14 Ethernet − 20 IPv4 − 8 UDP − 4 FCS (64 → 18, 1518 → 1472).
     *
     * @param frameSize Ethernet frame size in bytes, FCS included
     * @return the UDP payload in bytes
     * @throws IllegalArgumentException when {@code frameSize} is below 64 bytes
     */
    public static int udpPayload(int frameSize) {
        int payload = frameSize - ETHERNET_HEADER - IPV4_HEADER - UDP_HEADER - FCS;
        if (frameSize < 64 || payload < 1) {
            throw new IllegalArgumentException("frame size must be >= 64 bytes: " + frameSize);
        }
        return payload;
    }

    /**
     * Mbit/s counted on whole frames: {@code fps * frameSize * 8 / 1e6}.
     *
     * @param fps       frame rate, frames per second
     * @param frameSize Ethernet frame size in bytes, FCS included
     * @return the rate in Mbit/s (10^6 bit/s)
     */
    public static double frameMbps(double fps, int frameSize) {
        return fps * frameSize * 8 / 1e6;
    }

    /**
     * Checks a list of frame sizes: not empty, each 64..9018, no duplicate.
     *
     * @param sizes Ethernet frame sizes in bytes
     * @return an immutable copy of {@code sizes}, same order
     * @throws IllegalArgumentException when the list is {@code null}, empty, holds a {@code null}, a size
     *                                  out of 64..9018 or a duplicate
     */
    public static List<Integer> validate(List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException("at least one frame size is needed, e.g. " + KVM4NFV);
        }
        for (Integer s : sizes) {
            if (s == null || s < 64 || s > 9018) {
                throw new IllegalArgumentException("frame sizes must be 64..9018 bytes: " + sizes);
            }
        }
        if (sizes.stream().distinct().count() != sizes.size()) {
            throw new IllegalArgumentException("a frame size is listed twice: " + sizes);
        }
        return List.copyOf(sizes);
    }
}
