package io.kvm4nfv.probe.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The end summary of an {@code iperf3 -u --json} client run (iperf3 3.x): datagrams the
 * client sent and what the server saw ({@code end.sum_received}, or {@code end.sum} for
 * iperf3 versions without it). iperf3 counts a datagram lost when its sequence number never
 * arrived, so {@code received = packets - lost_packets}.
 *
 * @param sentPackets     datagrams sent
 * @param receivedPackets datagrams that arrived
 * @param lostPercent     lost datagrams in % of sent
 * @param seconds         the receiver's measurement time
 */
public record Iperf3UdpResult(long sentPackets, long receivedPackets, double lostPercent, double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses the JSON document.
     *
     * @throws ForwardingFailedException for iperf3's {@code error} member, unreadable JSON or a missing summary
     */
    public static Iperf3UdpResult parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ForwardingFailedException("iperf3 printed no JSON document: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ForwardingFailedException("iperf3 printed nothing");
        }
        if (root.hasNonNull("error")) {
            throw new ForwardingFailedException("iperf3: " + root.get("error").asText());
        }
        JsonNode end = root.path("end");
        JsonNode sent = end.path("sum_sent");
        JsonNode received = end.has("sum_received") ? end.path("sum_received") : end.path("sum");
        if (!received.has("packets") || !received.has("lost_packets")) {
            throw new ForwardingFailedException("iperf3 JSON has no UDP summary (end.sum_received / end.sum)");
        }
        long packets = received.path("packets").asLong();
        long lost = received.path("lost_packets").asLong();
        long sentPackets = sent.has("packets") ? sent.path("packets").asLong() : packets;
        long got = Math.max(0, packets - lost);
        double lostPercent = sentPackets == 0 ? 100.0 : Math.min(100.0, Math.max(0, (sentPackets - got) * 100.0 / sentPackets));
        return new Iperf3UdpResult(sentPackets, got, lostPercent, received.path("seconds").asDouble());
    }
}
