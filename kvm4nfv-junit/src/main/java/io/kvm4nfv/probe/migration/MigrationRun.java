package io.kvm4nfv.probe.migration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationSample;
import io.kvm4nfv.result.MigrationTimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One live migration driven over QMP, measured properly.
 * <ol>
 *   <li>both sides: {@code migrate-set-capabilities} with {@code events} and the requested ones;</li>
 *   <li>{@code migrate-set-parameters}: {@code downtime-limit} (ms), {@code max-bandwidth} (bytes/s)
 *       on the source, {@code multifd-channels} on both;</li>
 *   <li>{@code migrate-incoming} on the destination (which QEMU started with {@code -incoming defer}
 *       and the same configuration as the source), then {@code migrate} on the source;</li>
 *   <li>follows both sides' events and polls {@code query-migrate} every
 *       {@link MigrationOptions#pollInterval()} until {@code completed} or {@code failed} — the only
 *       terminal states, or {@code cancelled} after our own {@code migrate_cancel} when
 *       {@link MigrationOptions#timeout()} passed;</li>
 *   <li>with {@code postcopy-ram}, switches to postcopy ({@code migrate-start-postcopy}) once the
 *       first pass is done.</li>
 * </ol>
 * A failure of the migration is a result ({@code failed}, with QEMU's {@code error-desc}),
 * not an exception; exceptions mean the run could not even be started (a refused command).
 * The QEMU processes are not this class's to start or stop.
 */
public final class MigrationRun {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRun.class);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(15);
    private static final Duration DESTINATION_RUNNING_WAIT = Duration.ofSeconds(15);
    private static final Duration STATE_QUERY_TIMEOUT = Duration.ofSeconds(2);

    private final QmpClient source;
    private final QmpClient destination;
    private final MigrationOptions options;

    /**
     * @param source      the running VM's monitor
     * @param destination the monitor of a QEMU started with {@code -incoming defer}
     * @param options     how to migrate
     */
    public MigrationRun(QmpClient source, QmpClient destination, MigrationOptions options) {
        this.source = source;
        this.destination = destination;
        this.options = options;
    }

    /**
     * Runs the migration and returns its result, whatever its outcome.
     *
     * @return the final status ({@code completed}, {@code failed} or {@code cancelled}), QEMU's times,
     *         the wall-clock time, STOP-to-RESUME, RAM figures, the {@code query-migrate} samples, both
     *         sides' events and both VMs' run states afterwards
     * @throws QmpErrorException when QEMU refuses the setup or the {@code migrate} command itself
     */
    public MigrationResult run() {
        List<Seen> events = new ArrayList<>();
        Consumer<QmpEvent> onSource = e -> record(new Seen("source", e), events);
        Consumer<QmpEvent> onDestination = e -> record(new Seen("destination", e), events);
        source.addEventListener(onSource);
        destination.addEventListener(onDestination);
        try {
            configure();
            MigrationDestination target = options.destination();
            destination.execute("migrate-incoming", Map.of("uri", target.incomingUri()));
            if (target.port() == 0) {
                target = target.withPort(listeningPort(destination));
            }
            String uri = target.migrateUri();
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            source.execute("migrate", Map.of("uri", uri));
            return follow(uri, start, startNanos, events);
        } finally {
            source.removeEventListener(onSource);
            destination.removeEventListener(onDestination);
        }
    }

    /** The TCP port a destination told to listen on port 0 listens on ({@code query-migrate}'s socket-address). */
    static int listeningPort(QmpClient destination) {
        var addresses = destination.execute("query-migrate").path("socket-address");
        for (var address : addresses) {
            int port = address.path("port").asInt(0);
            if (port > 0) {
                return port;
            }
        }
        throw new QmpException("the destination QEMU listens on no TCP port after migrate-incoming "
                + "(query-migrate socket-address: " + addresses + ")");
    }

    private void configure() {
        List<Map<String, Object>> caps = new ArrayList<>();
        caps.add(capability("events"));
        for (MigrationCapability c : options.capabilities()) {
            caps.add(capability(c.qmpName()));
        }
        Map<String, Object> capsArgs = Map.of("capabilities", caps);
        source.execute("migrate-set-capabilities", capsArgs);
        destination.execute("migrate-set-capabilities", capsArgs);

        Map<String, Object> params = new LinkedHashMap<>();
        if (options.downtimeLimitMs() != null) {
            params.put("downtime-limit", options.downtimeLimitMs());
        }
        if (options.maxBandwidthBytesPerSecond() != null) {
            params.put("max-bandwidth", options.maxBandwidthBytesPerSecond());
        }
        if (options.capabilities().contains(MigrationCapability.MULTIFD)) {
            params.put("multifd-channels", options.multifdChannels());
            destination.execute("migrate-set-parameters", Map.of("multifd-channels", options.multifdChannels()));
        }
        if (!params.isEmpty()) {
            source.execute("migrate-set-parameters", params);
        }
    }

    private static Map<String, Object> capability(String name) {
        return Map.of("capability", name, "state", true);
    }

    private MigrationResult follow(String uri, Instant start, long startNanos, List<Seen> events) {
        List<MigrationSample> samples = new ArrayList<>();
        long deadline = startNanos + options.timeout().toNanos();
        boolean timedOut = false;
        boolean postcopyStarted = false;
        JsonNode last = null;
        String status;
        String lostMonitor = null;
        long maxDirtyRate = -1;
        while (true) {
            JsonNode info;
            try {
                info = source.execute("query-migrate", STATE_QUERY_TIMEOUT);
            } catch (QmpConnectionClosedException | QmpTimeoutException e) {
                lostMonitor = "source monitor lost: " + e.getMessage();
                status = MigrationResult.FAILED;
                break;
            }
            last = info;
            double atMs = (System.nanoTime() - startNanos) / 1e6;
            MigrationSample sample = sample(atMs, info);
            samples.add(sample);
            if (sample.dirtyPagesRate() != null) {
                maxDirtyRate = Math.max(maxDirtyRate, sample.dirtyPagesRate());
            }
            status = sample.status();
            if (isTerminal(status, timedOut)) {
                break;
            }
            if (options.capabilities().contains(MigrationCapability.POSTCOPY_RAM) && !postcopyStarted
                    && "active".equals(status) && sample.dirtySyncCount() != null && sample.dirtySyncCount() >= 2) {
                source.execute("migrate-start-postcopy");
                postcopyStarted = true;
            }
            if (!timedOut && System.nanoTime() > deadline) {
                LOG.info("migration to {} still {} after {} ms: cancelling", uri, status, options.timeout().toMillis());
                timedOut = true;
                try {
                    source.execute("migrate_cancel");
                } catch (QmpErrorException e) {
                    LOG.warn("migrate_cancel refused: {}", e.description());
                }
                deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
            } else if (timedOut && System.nanoTime() > deadline) {
                lostMonitor = "migration did not end within " + CANCEL_GRACE.toMillis()
                        + " ms of migrate_cancel (last status " + status + ")";
                status = MigrationResult.FAILED;
                break;
            }
            sleep(options.pollInterval());
        }
        double wallClockMs = (System.nanoTime() - startNanos) / 1e6;
        if (MigrationResult.COMPLETED.equals(status)) {
            last = settledCompletion(last);
        }
        String sourceState = state(source);
        String destinationState = MigrationResult.COMPLETED.equals(status)
                ? awaitRunning(destination) : state(destination);
        List<MigrationTimelineEvent> eventsCopy;
        synchronized (events) {
            eventsCopy = events.stream().map(x -> timeline(x, start)).toList();
        }
        String error = lostMonitor;
        if (error == null && last != null && last.hasNonNull("error-desc")) {
            error = last.get("error-desc").asText();
        }
        JsonNode ram = last == null ? null : last.get("ram");
        MigrationResult.Builder result = MigrationResult.builder(status)
                .endpoints(source.describe(), destination.describe(), uri)
                .qemuTimes(longOrNull(last, "total-time"), longOrNull(last, "downtime"), longOrNull(last, "setup-time"))
                .wallClockMs(wallClockMs).stopToResumeMs(stopToResumeMs(eventsCopy))
                .ramBytes(longOrNull(ram, "transferred"), longOrNull(ram, "total"))
                .throughputMbps(doubleOrNull(ram, "mbps")).passes(longOrNull(ram, "dirty-sync-count"))
                .errorDesc(error).timedOut(timedOut).statesAfter(sourceState, destinationState)
                .samples(samples).events(eventsCopy);
        if (maxDirtyRate >= 0) {
            result.maxDirtyPagesRate(maxDirtyRate);
        }
        return result.build();
    }

    /**
     * QEMU sets the status to {@code completed} a moment before it computes {@code total-time}
     * and {@code downtime}: a poll in between reads zeros, which would pass any SLA. Re-read
     * until the times are there (bounded); keep the last answer otherwise.
     */
    private JsonNode settledCompletion(JsonNode last) {
        JsonNode info = last;
        for (int i = 0; i < 50 && info != null && !(info.path("total-time").asLong() > 0 && info.has("downtime")); i++) {
            sleep(Duration.ofMillis(20));
            try {
                info = source.execute("query-migrate", STATE_QUERY_TIMEOUT);
            } catch (QmpException e) {
                LOG.warn("could not re-read the completed migration's times: {}", e.getMessage());
                return info;
            }
        }
        return info;
    }

    /**
     * From the source's {@code STOP} to the destination's {@code RESUME}, by QEMU's event
     * timestamps: how long the guest really ran nowhere. QEMU's own {@code downtime} ends when the
     * source is done, not when the destination runs the guest again.
     */
    private static Double stopToResumeMs(List<MigrationTimelineEvent> events) {
        Double stop = null;
        for (MigrationTimelineEvent e : events) {
            if (e.side().equals("source") && e.name().equals("STOP")) {
                stop = e.atMs();
            } else if (stop != null && e.side().equals("destination") && e.name().equals("RESUME")) {
                return e.atMs() - stop;
            }
        }
        return null;
    }

    private static boolean isTerminal(String status, boolean cancelSent) {
        return MigrationResult.COMPLETED.equals(status) || MigrationResult.FAILED.equals(status)
                || (cancelSent && MigrationResult.CANCELLED.equals(status));
    }

    private static MigrationSample sample(double atMs, JsonNode info) {
        JsonNode ram = info.get("ram");
        return new MigrationSample(atMs, info.path("status").asText("none"), longOrNull(ram, "remaining"),
                longOrNull(ram, "transferred"), longOrNull(info, "expected-downtime"),
                longOrNull(ram, "dirty-pages-rate"), doubleOrNull(ram, "mbps"), longOrNull(ram, "dirty-sync-count"));
    }

    private static String state(QmpClient client) {
        try {
            return client.execute("query-status", STATE_QUERY_TIMEOUT).path("status").asText("unknown");
        } catch (QmpTimeoutException e) {
            return NO_ANSWER; // a destination still loading RAM on a busy host answers late
        } catch (QmpException e) {
            return "unreachable";
        }
    }

    private static final String NO_ANSWER = "no answer";

    /** The destination resumes a moment after the source says completed: wait for it (bounded). */
    private static String awaitRunning(QmpClient client) {
        long deadline = System.nanoTime() + DESTINATION_RUNNING_WAIT.toNanos();
        String s = state(client);
        while (!"running".equals(s) && !"unreachable".equals(s) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
            s = state(client);
        }
        return s;
    }

    /** An event and the side it came from. */
    private record Seen(String side, QmpEvent event) {
    }

    private static void record(Seen seen, List<Seen> events) {
        synchronized (events) {
            events.add(seen);
        }
    }

    private static MigrationTimelineEvent timeline(Seen seen, Instant start) {
        QmpEvent e = seen.event();
        double atMs = Duration.between(start, e.timestamp()).toNanos() / 1e6;
        String detail = e.dataText("status");
        if (detail == null) {
            detail = e.dataText("pass");
        }
        return new MigrationTimelineEvent(seen.side(), e.name(), atMs, detail);
    }

    private static Long longOrNull(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        return node.get(field).asLong();
    }

    private static Double doubleOrNull(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        return node.get(field).asDouble();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted while following a migration", e);
        }
    }

    /**
     * The capabilities QEMU accepted on a monitor, for diagnostics ({@code query-migrate-capabilities}).
     *
     * @param client the QEMU's monitor
     * @return the QMP names of the capabilities that are on, sorted
     * @throws QmpException when the query fails
     */
    public static Set<String> enabledCapabilities(QmpClient client) {
        Set<String> on = new java.util.TreeSet<>();
        client.execute("query-migrate-capabilities").forEach(c -> {
            if (c.path("state").asBoolean()) {
                on.add(c.path("capability").asText());
            }
        });
        return on;
    }
}
