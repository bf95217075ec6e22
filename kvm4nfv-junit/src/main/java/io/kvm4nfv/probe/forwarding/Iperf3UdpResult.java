package io.kvm4nfv.probe.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The end summary of an {@code iperf3 -u --json} client run (iperf3 3.x), as the receiver saw
 * it ({@code end.sum_received}, or {@code end.sum} for iperf3 versions without it). iperf3's
 * receiver knows a datagram by its sequence number: {@code packets} is the number of datagrams
 * up to the last one that arrived, {@code lost_packets} those among them that never came.
 * Datagrams still in flight when the test ends are neither (iperf3 stops counting at once,
 * where an RFC 2544 tester waits for the path to drain), so they are not reported as lost.
 *
 * @param sentPackets     datagrams up to the last one that arrived ({@code packets})
 * @param receivedPackets datagrams that arrived ({@code packets - lost_packets})
 * @param lostPercent     {@code lost_packets} in % of {@code packets}
 * @param clientSent      datagrams the client sent in total ({@code end.sum_sent.packets}), for reference
 * @param seconds         the receiver's measurement time
 */
public record Iperf3UdpResult(long sentPackets, long receivedPackets, double lostPercent, long clientSent,
                              double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses the JSON document.
     *
     * @param json what {@code iperf3 -u --json} printed on stdout
     * @return the receiver's summary; 100 % lost when no datagram was counted
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
        long clientSent = sent.has("packets") ? sent.path("packets").asLong() : packets;
        long got = Math.max(0, packets - lost);
        double lostPercent = packets == 0 ? 100.0 : Math.min(100.0, Math.max(0, lost * 100.0 / packets));
        return new Iperf3UdpResult(packets, got, lostPercent, clientSent, received.path("seconds").asDouble());
    }
}
