package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.grafana.GrafanaDashboards;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
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

        Map<String, String> types = new LinkedHashMap<>();
        rows(influx.query(db, "SHOW FIELD KEYS FROM \"kvmfornfv_cyclictest_cpustress_idle\""))
                .forEach(r -> types.put(r.get("fieldKey").asText(), r.get("fieldType").asText()));
        assertThat(types).containsOnlyKeys("min", "avg", "max", "p50", "p90", "p99", "p99_9", "p99_99", "samples", "overflows");
        assertThat(types.values()).containsOnly("float");
        List<String> tagKeys = rows(influx.query(db, "SHOW TAG KEYS FROM \"kvmfornfv_cyclictest_cpustress_idle\""))
                .stream().map(r -> r.get("tagKey").asText()).toList();
        assertThat(tagKeys).containsExactly("deploy_scenario", "installer", "pod_name", "task_id", "thread", "version");
    }

    @Test
    void migrationAndForwardingShapesWriteBeforeTheirResultClassesExist() throws Exception {
        String db = newDatabase();
        Publisher publisher = publisher(db, PublishFixtures.RUN, PASSWORD);
        long ns = 1795601400000000000L;
        Map<String, Object> migration = Map.of("totalMs", 430, "downtimeMs", 6);
        publisher.publish(ResultRecord.of("live_migration", "migration", migration, Criteria.PASS, PublishFixtures.START,
                PublishFixtures.STOP, List.of(KvmfornfvMeasurements.migrationPoint(PublishFixtures.RUN,
                        Map.of("total_ms", 430.0, "downtime_ms", 6.0, "sla_total_ms", 2000.0, "sla_downtime_ms", 10.0), ns))));
        publisher.publish(ResultRecord.of("pvp", "forwarding", Map.of("deployment", "pvp"), Criteria.PASS, PublishFixtures.START,
                PublishFixtures.STOP, List.of(
                        KvmfornfvMeasurements.forwardingPoint(PublishFixtures.RUN, "pvp", 64,
                                Map.of("avg_latency_us", 11.5, "throughput_rx_fps", 1488095.0, "frame_loss_percent", 0.0), ns),
                        KvmfornfvMeasurements.forwardingPoint(PublishFixtures.RUN, "pvp", 1518,
                                Map.of("avg_latency_us", 19.25, "throughput_rx_fps", 81274.0, "frame_loss_percent", 0.5), ns))));
        Map<String, JsonNode> mig = rows(influx.query(db, "SELECT \"total_ms\", \"downtime_ms\" FROM \"kvmfornfv_live_migration\"")).get(0);
        assertThat(mig.get("total_ms").asDouble()).isEqualTo(430.0);
        assertThat(mig.get("downtime_ms").asDouble()).isEqualTo(6.0);
        List<Map<String, JsonNode>> big = rows(influx.query(db,
                "SELECT \"avg_latency_us\", \"frame_loss_percent\" FROM \"kvmfornfv_packet_forwarding_pvp\" WHERE \"packet_size\" = '1518'"));
        assertThat(big).hasSize(1);
        assertThat(big.get(0).get("avg_latency_us").asDouble()).isEqualTo(19.25);
        assertThat(big.get(0).get("frame_loss_percent").asDouble()).isEqualTo(0.5);
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
    void everyDashboardQueryRunsOnInfluxDb() throws Exception {
        String db = newDatabase();
        Publisher publisher = publisher(db, PublishFixtures.RUN, PASSWORD);
        publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS));
        int queries = 0;
        int withData = 0;
        for (var dashboard : GrafanaDashboards.generate(GrafanaDashboards.Sla.DEFAULT).values()) {
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String q = target.get("query").asText().replace("$pod", "local").replace("$timeFilter", "time > 0")
                            .replace("$__interval", "1h");
                    JsonNode result = influx.query(db, q);
                    queries++;
                    if (result.at("/results/0/series/0/values/0/1").isNumber()) {
                        withData++;
                        assertThat(q).contains("kvmfornfv_cyclictest_idle_idle");
                    }
                }
            }
        }
        assertThat(queries).isGreaterThan(100);
        assertThat(withData).as("the Idle-Idle panel fields but p99_99 (above the histogram range, not written)").isEqualTo(7);
        System.out.printf("%d dashboard queries ran on InfluxDB, %d returned the written point%n", queries, withData);
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
