package io.kvm4nfv.probe.migration;

import io.kvm4nfv.result.HeartbeatReport;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeartbeatMonitorTest {

    /** Sends {@code hb SEQ} lines every {@code intervalMs}, pausing {@code gapMs} after beat {@code gapAfter}. */
    private static void sendTcp(int port, int from, int to, long intervalMs, int gapAfter, long gapMs)
            throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (int i = from; i <= to; i++) {
                out.write(("hb " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(i == gapAfter ? gapMs : intervalMs);
            }
        }
    }

    private static void awaitBeats(HeartbeatMonitor m, long n) {
        await().atMost(5, TimeUnit.SECONDS).pollInterval(5, TimeUnit.MILLISECONDS).until(() -> m.beats() >= n);
    }

    @Test
    void findsTheInjectedGapInsideTheWindow() throws Exception {
        try (HeartbeatMonitor m = HeartbeatMonitor.tcp(0)) {
            long from = System.nanoTime();
            sendTcp(m.port(), 1, 60, 2, 30, 150);
            awaitBeats(m, 60);
            HeartbeatReport r = m.report(from, System.nanoTime());
            assertThat(r.beats()).isEqualTo(60);
            // arrival times carry scheduling noise on a loaded machine: the silence shows, give or take
            assertThat(r.largestGapMs()).isBetween(120.0, 500.0);
            // the gap starts after ~30 beats of >= 2 ms
            assertThat(r.largestGapStartMs()).isGreaterThanOrEqualTo(55.0);
            assertThat(r.medianIntervalMs()).isBetween(1.0, 40.0);
            assertThat(r.missingSequence()).isZero();
        }
    }

    @Test
    void mergesTheSourceAndDestinationConnectionsAndCountsLostBeats() throws Exception {
        try (HeartbeatMonitor m = HeartbeatMonitor.tcp(0)) {
            long from = System.nanoTime();
            sendTcp(m.port(), 1, 20, 2, -1, 0);       // the source's chardev
            Thread.sleep(60);                         // switch-over
            sendTcp(m.port(), 26, 45, 2, -1, 0);      // the destination's chardev; beats 21..25 lost
            awaitBeats(m, 40);
            HeartbeatReport r = m.report(from, System.nanoTime());
            assertThat(r.beats()).isEqualTo(40);
            assertThat(r.missingSequence()).isEqualTo(5);
            assertThat(r.largestGapMs()).isBetween(40.0, 500.0);
        }
    }

    @Test
    void aGuestThatNeverComesBackIsAnOpenGapToTheWindowEnd() throws Exception {
        try (HeartbeatMonitor m = HeartbeatMonitor.tcp(0)) {
            long from = System.nanoTime();
            sendTcp(m.port(), 1, 10, 2, -1, 0);
            awaitBeats(m, 10);
            Thread.sleep(150);
            HeartbeatReport r = m.report(from, System.nanoTime());
            assertThat(r.largestGapMs()).isGreaterThanOrEqualTo(150.0);
        }
    }

    @Test
    void beatsOutsideTheWindowDoNotCountButTheSilenceAcrossItsEdgeDoes() throws Exception {
        try (HeartbeatMonitor m = HeartbeatMonitor.tcp(0)) {
            sendTcp(m.port(), 1, 10, 2, 10, 400);  // last beat, then 400 ms of silence
            awaitBeats(m, 10);
            long windowStart = System.nanoTime() - 50_000_000L;  // inside the silence
            sendTcp(m.port(), 11, 20, 2, -1, 0);
            awaitBeats(m, 20);
            HeartbeatReport r = m.report(windowStart, System.nanoTime());
            assertThat(r.beats()).isEqualTo(10);
            assertThat(r.largestGapMs()).isGreaterThanOrEqualTo(250.0);
            assertThat(r.largestGapStartMs()).isNegative();
        }
    }

    @Test
    void acceptsUdpDatagrams() throws Exception {
        try (HeartbeatMonitor m = HeartbeatMonitor.udp(0); DatagramSocket s = new DatagramSocket()) {
            long from = System.nanoTime();
            for (int i = 1; i <= 30; i++) {
                byte[] b = ("hb " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), m.port()));
                Thread.sleep(i == 15 ? 150 : 2);
            }
            awaitBeats(m, 30);
            HeartbeatReport r = m.report(from, System.nanoTime());
            assertThat(r.beats()).isEqualTo(30);
            assertThat(r.largestGapMs()).isBetween(120.0, 500.0);
        }
    }

    @Test
    void readsTheSequenceNumberAtTheEndOfALine() {
        assertThat(HeartbeatMonitor.sequence("hb 42")).isEqualTo(42);
        assertThat(HeartbeatMonitor.sequence("hb 42\r")).isEqualTo(42);
        assertThat(HeartbeatMonitor.sequence("alive")).isEqualTo(-1);
    }
}
