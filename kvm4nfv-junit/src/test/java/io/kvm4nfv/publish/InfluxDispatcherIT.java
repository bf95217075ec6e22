package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.grafana.GrafanaDashboards;
import io.kvm4nfv.publish.measure.MigrationMeasurements;
import io.kvm4nfv.publish.measure.RunInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The influxdb dispatcher against a real InfluxDB 1.6 ({@code influxd} of the Debian package
 * {@code influxdb}, see {@code config/lab/install.sh}) started by the test on free
 * loopback ports: write, query back through the HTTP API, check values and types, stop
 * InfluxDB mid-run and see the spooled result arrive after the restart.
 */
class InfluxDispatcherIT {

    private static final String PASSWORD_ENV = "KVM4NFV_TEST_INFLUX_PASSWORD";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @TempDir
    static Path serverDir;
    @TempDir
    Path tmp;

    static InfluxDbServer influx;

    @BeforeAll
    static void startInflux() throws Exception {
        if (!InfluxDbServer.installed()) {
            fail("influxd not found: install the Debian package influxdb (config/lab/install.sh)");
        }
        influx = new InfluxDbServer(serverDir, PASSWORD);
        influx.start();
        influx.createAdmin();
    }

    @AfterAll
    static void stopInflux() throws InterruptedException {
        if (influx != null) {
            influx.stop();
        }
    }

    private String newDatabase() throws Exception {
        String db = "kvm_" + UUID.randomUUID().toString().replace("-", "");
        influx.execute("CREATE DATABASE \"" + db + "\"");
        return db;
    }

    private Publisher publisher(String db, RunInfo run, String password) {
        PublishOptions options = PublishOptions.defaults(tmp.resolve("results")).withSpoolDir(tmp.resolve("spool"))
                .withInflux(influx.url(), db, InfluxDbServer.ADMIN, PASSWORD_ENV).withTimeoutMs(3000);
        return Publisher.create(options, run, Map.of(PASSWORD_ENV, password)::get);
    }

    @Test
    void cyclictestPointsAreQueriedBackWithTheirValuesAsFloats() throws Exception {
        String db = newDatabase();
        Publisher publisher = publisher(db, PublishFixtures.RUN, PASSWORD);
        DispatchReport report = publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS));
        publisher.publish(PublishFixtures.record("cyclictest_cpustress_idle", "CPU_stress-Idle", Criteria.FAIL));
        assertThat(report.outcome("influxdb").sent()).isEqualTo(1);
        assertThat(publisher.report().outcome("influxdb")).extracting("sent", "spooled", "pending").containsExactly(2, 0, 0);
        assertThat(publisher.report().outcome("file").sent()).isEqualTo(2);

        List<Map<String, JsonNode>> all = rows(influx.query(db,
                "SELECT * FROM \"kvmfornfv_cyclictest_idle_idle\" WHERE \"thread\" = 'all'"));
        assertThat(all).hasSize(1);
        Map<String, JsonNode> row = all.get(0);
        assertThat(row.get("time").asText()).isEqualTo("2026-11-25T10:10:00.123456789Z");
        assertThat(row.get("min").isNumber()).isTrue();
        assertThat(row.get("min").asDouble()).isEqualTo(3.0);
        assertThat(row.get("avg").asDouble()).isEqualTo(4.437);
        assertThat(row.get("max").asDouble()).isEqualTo(150.0);
        assertThat(row.get("p99").asDouble()).isEqualTo(10.0);
        assertThat(row.get("p99_9").asDouble()).isEqualTo(10.0);
        assertThat(row.get("p99_99").isNull()).as("above the histogram range: not written").isTrue();
        assertThat(row.get("samples").asDouble()).isEqualTo(2000.0);
        assertThat(row.get("pod_name").asText()).isEqualTo("local");
        assertThat(row.get("task_id").asText()).isEqualTo("task-1");
        for (String f : List.of("min", "avg", "max", "p50", "p90", "p99", "p99_9", "samples", "overflows")) {
            assertThat(row.get(f).isNumber()).as("field %s is a JSON number", f).isTrue();
        }
        assertThat(rows(influx.query(db, "SELECT \"max\" FROM \"kvmfornfv_cyclictest_idle_idle\""))).hasSize(3);

        Map<String, String> types = fieldTypes(db, "kvmfornfv_cyclictest_cpustress_idle");
        assertThat(types).containsOnlyKeys("min", "avg", "max", "p50", "p90", "p99", "p99_9", "p99_99", "samples", "overflows",
                "sla_violated");
        assertThat(types.values()).containsOnly("float");
        assertThat(tagKeys(db, "kvmfornfv_cyclictest_cpustress_idle"))
                .containsExactly("deploy_scenario", "installer", "pod_name", "task_id", "thread", "version");
    }

    /** A live-migration record (two legs, the SLA) and a forwarding record (64 and 1518 B), both on the test's own scenario. */
    private static void publishMigrationAndForwarding(Publisher publisher) {
        RunInfo own = PublishFixtures.RUN.withScenario(PublishFixtures.SCENARIO);
        publisher.publish(ResultRecord.of("kvmfornfv_live_migration", "migration", PublishFixtures.migration(),
                new MigrationMeasurements(2000.0, 10.0), Criteria.FAIL, PublishFixtures.START, PublishFixtures.STOP, own));
        publisher.publish(ResultRecord.of("pvp_tput_OVS_netdev", "forwarding", PublishFixtures.forwarding(), Criteria.PASS,
                PublishFixtures.START, PublishFixtures.STOP, own));
    }

    @Test
    void migrationPointsPerLegAndForwardingPointsPerFrameSizeAreQueriedBackAsFloats() throws Exception {
        String db = newDatabase();
        Publisher publisher = publisher(db, PublishFixtures.RUN, PASSWORD);
        publishMigrationAndForwarding(publisher);
        assertThat(publisher.report().outcome("influxdb")).extracting("sent", "spooled", "pending").containsExactly(2, 0, 0);

        Map<String, JsonNode> leg1 = single(db, "SELECT * FROM \"kvmfornfv_live_migration\" WHERE \"leg\" = '1'");
        assertThat(leg1.get("time").asText()).isEqualTo("2026-11-25T10:10:00.123456789Z");
        assertThat(leg1.get("deploy_scenario").asText()).isEqualTo(PublishFixtures.SCENARIO);
        assertThat(leg1.get("pod_name").asText()).isEqualTo("local");
        Map<String, Double> expected1 = new LinkedHashMap<>();
        expected1.put("total_ms", 430.0);
        expected1.put("downtime_ms", 6.0);
        expected1.put("setup_ms", 3.0);
        expected1.put("stop_to_resume_ms", 12.25);
        expected1.put("guest_gap_ms", 266.0);
        expected1.put("guest_gap_resolution_ms", 90.0);
        expected1.put("wall_clock_ms", 441.5);
        expected1.put("transferred_bytes", 157286400.0);
        expected1.put("throughput_mbps", 560.5);
        expected1.put("dirty_sync_count", 4.0);
        expected1.put("sla_total_ms", 2000.0);
        expected1.put("sla_downtime_ms", 10.0);
        expected1.put("sla_violated", 1.0);
        expected1.forEach((field, value) -> {
            assertThat(leg1.get(field).isNumber()).as("%s is a JSON number", field).isTrue();
            assertThat(leg1.get(field).asDouble()).as(field).isEqualTo(value);
        });
        Map<String, JsonNode> leg2 = single(db, "SELECT * FROM \"kvmfornfv_live_migration\" WHERE \"leg\" = '2'");
        assertThat(leg2.get("total_ms").asDouble()).isEqualTo(1200.0);
        assertThat(leg2.get("guest_gap_ms").asDouble()).isEqualTo(301.5);
        Map<String, JsonNode> passed = single(db, "SELECT * FROM \"kvmfornfv_packet_forwarding_pvp\" WHERE "
                + "\"packet_size\" = '64'");
        assertThat(passed.get("sla_violated").asDouble()).as("a PASS record's points").isEqualTo(0.0);
        assertThat(leg2.get("downtime_ms").isNull()).as("a failed leg has no downtime: not written").isTrue();
        assertThat(fieldTypes(db, "kvmfornfv_live_migration")).containsOnlyKeys(expected1.keySet())
                .allSatisfy((field, type) -> assertThat(type).as(field).isEqualTo("float"));
        assertThat(tagKeys(db, "kvmfornfv_live_migration"))
                .containsExactly("deploy_scenario", "installer", "leg", "pod_name", "task_id", "version");

        Map<String, JsonNode> small = single(db, "SELECT * FROM \"kvmfornfv_packet_forwarding_pvp\" WHERE \"packet_size\" = '64'");
        assertThat(small.get("deploy_scenario").asText()).isEqualTo(PublishFixtures.SCENARIO);
        assertThat(small.get("min_latency_us").asDouble()).isEqualTo(11.0);
        assertThat(small.get("avg_latency_us").asDouble()).isEqualTo(12.5);
        assertThat(small.get("max_latency_us").asDouble()).isEqualTo(40.25);
        assertThat(small.get("p50_latency_us").asDouble()).isEqualTo(12.0);
        assertThat(small.get("p99_latency_us").asDouble()).isEqualTo(30.0);
        assertThat(small.get("p99_9_latency_us").asDouble()).isEqualTo(38.5);
        assertThat(small.get("throughput_rx_fps").asDouble()).isEqualTo(1488095.0);
        assertThat(small.get("throughput_rx_mbps").asDouble()).isEqualTo(761.9);
        assertThat(small.get("frame_loss_percent").isNumber()).isTrue();
        assertThat(small.get("frame_loss_percent").asDouble()).isEqualTo(0.0);
        assertThat(small.get("frames_received").asDouble()).isEqualTo(44642850.0);
        Map<String, JsonNode> big = single(db, "SELECT * FROM \"kvmfornfv_packet_forwarding_pvp\" WHERE \"packet_size\" = '1518'");
        assertThat(big.get("avg_latency_us").asDouble()).isEqualTo(25.5);
        assertThat(big.get("throughput_rx_mbps").asDouble()).isEqualTo(986.95);
        assertThat(big.get("frame_loss_percent").asDouble()).isEqualTo(0.5);
        assertThat(big.get("p99_latency_us").isNull()).as("not reported: not written").isTrue();
        assertThat(fieldTypes(db, "kvmfornfv_packet_forwarding_pvp")).as("p90 and p99.99 were not reported")
                .containsOnlyKeys("min_latency_us", "avg_latency_us", "max_latency_us", "p50_latency_us", "p99_latency_us",
                        "p99_9_latency_us", "throughput_rx_fps", "throughput_rx_mbps", "frame_loss_percent", "frames_sent",
                        "frames_received", "sla_violated")
                .allSatisfy((field, type) -> assertThat(type).as(field).isEqualTo("float"));
        assertThat(tagKeys(db, "kvmfornfv_packet_forwarding_pvp"))
                .containsExactly("deploy_scenario", "installer", "packet_size", "pod_name", "task_id", "version");
    }

    private static Map<String, JsonNode> single(String db, String query) throws Exception {
        List<Map<String, JsonNode>> rows = rows(influx.query(db, query));
        assertThat(rows).as(query).hasSize(1);
        return rows.get(0);
    }

    private static Map<String, String> fieldTypes(String db, String measurement) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        rows(influx.query(db, "SHOW FIELD KEYS FROM \"" + measurement + "\""))
                .forEach(r -> types.put(r.get("fieldKey").asText(), r.get("fieldType").asText()));
        return types;
    }

    private static List<String> tagKeys(String db, String measurement) throws Exception {
        return rows(influx.query(db, "SHOW TAG KEYS FROM \"" + measurement + "\"")).stream()
                .map(r -> r.get("tagKey").asText()).toList();
    }

    @Test
    void resultWrittenWhileInfluxIsDownArrivesOnceItIsBack() throws Exception {
        String db = newDatabase();
        Publisher publisher = publisher(db, PublishFixtures.RUN, PASSWORD);
        publisher.publish(PublishFixtures.record("before", "Idle-Idle", Criteria.PASS));
        long pid = influx.pid();

        influx.stop();
        Instant outage = PublishFixtures.STOP.plusSeconds(3600);
        ResultRecord during = ResultRecord.cyclictest("during_outage", PublishFixtures.cyclictest("Idle-Idle"), Criteria.PASS,
                PublishFixtures.START, outage, PublishFixtures.RUN);
        long t0 = System.nanoTime();
        DispatchReport down = publisher.publish(during);
        long publishMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(down.outcome("influxdb")).extracting("sent", "spooled", "pending").containsExactly(1, 1, 1);
        assertThat(down.outcome("influxdb").errors().get(0)).contains("unreachable").doesNotContain(PASSWORD);
        assertThat(down.outcome("file").sent()).isEqualTo(2);
        assertThat(Files.list(tmp.resolve("spool/influxdb")).filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(1);
        assertThat(publisher.flush().outcome("influxdb").pending()).as("still down").isEqualTo(1);

        influx.start();
        assertThat(influx.pid()).isNotEqualTo(pid);
        DispatchReport after = publisher.flush();
        assertThat(after.outcome("influxdb")).extracting("sent", "spooled", "resent", "pending").containsExactly(1, 1, 1, 0);
        assertThat(after.allDelivered()).isTrue();
        List<Map<String, JsonNode>> rows = rows(influx.query(db,
                "SELECT \"max\", \"avg\" FROM \"kvmfornfv_cyclictest_idle_idle\" WHERE \"thread\" = 'all'"));
        assertThat(rows).extracting(r -> r.get("time").asText())
                .containsExactly("2026-11-25T10:10:00.123456789Z", "2026-11-25T11:10:00.123456789Z");
        assertThat(rows.get(1).get("max").asDouble()).isEqualTo(150.0);
        assertThat(rows.get(1).get("avg").asDouble()).isEqualTo(4.437);
        System.out.printf("InfluxDB down: publish took %d ms, result spooled; after restart re-sent: %s%n", publishMs,
                after.summary());
    }

    @Test
    void wrongPasswordIsRetriedLaterAndNeverShown() throws Exception {
        String db = newDatabase();
        String wrong = "wrong-" + UUID.randomUUID();
        Publisher publisher = publisher(db, PublishFixtures.RUN, wrong);
        DispatchReport report = publisher.publish(PublishFixtures.record("a", "Idle-Idle", Criteria.PASS));
        DispatchReport.Outcome o = report.outcome("influxdb");
        assertThat(o).extracting("sent", "spooled", "pending").containsExactly(0, 1, 1);
        assertThat(o.errors().get(0)).contains("HTTP 401").doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(report.summary()).doesNotContain(wrong);
        assertThat(Files.readString(publisher.resultsFile())).doesNotContain(wrong);
        for (Path f : Files.list(tmp.resolve("spool/influxdb")).toList()) {
            assertThat(Files.readString(f)).doesNotContain(wrong);
        }
    }

    @Test
    void everyDashboardQueryRunsOnInfluxDbAndTheScenarioVariableFilters() throws Exception {
        String db = newDatabase();
        Publisher publisher = publisher(db, PublishFixtures.RUN, PASSWORD);
        publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS));
        publishMigrationAndForwarding(publisher);
        List<String> all = dashboardQueriesWithData(db, ".*");
        // Idle-Idle: 7 fields (p99_99 lies above the histogram range, not written); migration: the 10 panel fields
        // of leg 1 (the guest gap panel shows its resolution too, and one panel sla_violated); pvp 64 B:
        // min/avg/max, p50/p99/p99.9, fps, Mbit/s, loss; pvp 1518 B: the same without percentiles
        assertThat(all).hasSize(7 + 10 + 9 + 6).allSatisfy(q -> assertThat(q).containsAnyOf("kvmfornfv_cyclictest_idle_idle",
                "kvmfornfv_live_migration", "\"packet_size\" = '64'", "\"packet_size\" = '1518'"));
        assertThat(all).filteredOn(q -> q.contains("kvmfornfv_packet_forwarding_")).allSatisfy(q -> assertThat(q)
                .contains("kvmfornfv_packet_forwarding_pvp"));
        List<String> own = dashboardQueriesWithData(db, PublishFixtures.SCENARIO);
        assertThat(own).hasSize(10 + 9 + 6).noneMatch(q -> q.contains("kvmfornfv_cyclictest"));
        System.out.printf("dashboard queries on InfluxDB: %d returned written points, %d for scenario %s%n", all.size(),
                own.size(), PublishFixtures.SCENARIO);
    }

    /** Runs every dashboard query (pod {@code local}, the scenario variable set to {@code scenarioRegex}); those that return a number. */
    private static List<String> dashboardQueriesWithData(String db, String scenarioRegex) throws Exception {
        int queries = 0;
        List<String> withData = new ArrayList<>();
        for (var dashboard : GrafanaDashboards.generate(GrafanaDashboards.Sla.DEFAULT).values()) {
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String q = target.get("query").asText().replace("$pod", "local").replace("$scenario", scenarioRegex)
                            .replace("$timeFilter", "time > 0").replace("$__interval", "1h");
                    JsonNode result = influx.query(db, q);
                    assertThat(result.at("/results/0/error").isMissingNode()).as("%s: %s", q, result).isTrue();
                    queries++;
                    if (result.at("/results/0/series/0/values/0/1").isNumber()) {
                        withData.add(q);
                    }
                }
            }
        }
        assertThat(queries).isGreaterThan(100);
        return withData;
    }

    /** The rows of the first series of the first statement, column name to value. */
    static List<Map<String, JsonNode>> rows(JsonNode result) {
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        JsonNode series = result.at("/results/0/series/0");
        if (series.isMissingNode()) {
            return rows;
        }
        for (JsonNode values : series.get("values")) {
            Map<String, JsonNode> row = new LinkedHashMap<>();
            for (int i = 0; i < series.get("columns").size(); i++) {
                row.put(series.get("columns").get(i).asText(), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
