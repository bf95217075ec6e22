package io.kvm4nfv.publish.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvm4nfv.load.TestType;
import io.kvm4nfv.publish.measure.FieldDefinition;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementDefinition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the Grafana dashboards under {@code config/grafana/} from the measurement
 * definitions of {@link KvmfornfvMeasurements}, so every panel queries a measurement and
 * fields that the dispatchers write:
 * <ul>
 *   <li>{@code kvmfornfv-cyclictest.json}: per test type, min/avg/max and the percentiles of
 *       the aggregate ({@code thread = 'all'});</li>
 *   <li>{@code kvmfornfv-packet-forwarding.json}: per deployment and frame size, latency and
 *       its percentiles, throughput and frame loss, each panel filtering its own
 *       {@code packet_size};</li>
 *   <li>{@code kvmfornfv-oslat.json}: per oslat test type, min/avg/max and the percentiles of all
 *       CPUs ({@code cpu = 'all'});</li>
 *   <li>{@code kvmfornfv-live-migration.json}: total time, downtime, the pause from STOP to
 *       RESUME and the largest heartbeat gap with the SLA as a red threshold line, and the
 *       transfer figures; with ping-pong legs, each interval shows the worst leg.</li>
 * </ul>
 * The dashboards use a {@code datasource} variable (type InfluxDB, InfluxQL) and {@code pod}
 * and {@code scenario} variables (the {@code pod_name} and {@code deploy_scenario} tags), so
 * they import as they are (UI import or file provisioning).
 *
 * <p>Run: {@code java -cp … io.kvm4nfv.publish.grafana.GrafanaDashboards [outputDir]
 * [--migration-total-sla-ms=2000] [--migration-downtime-sla-ms=10] [--migration-stop-to-resume-sla-ms=N]
 * [--migration-guest-gap-sla-ms=N]} (the command is in {@code config/grafana/README.md}).
 *
 * <p>A build-time tool, kept with the test sources so that the library's jar does not ship it;
 * {@link GrafanaDashboardsTest} checks that the committed dashboards are what it generates.
 */
public final class GrafanaDashboards {

    /**
     * The SLA lines drawn on the migration panels, one per bound (named like the pod file's
     * {@code sla.migration} keys); {@code null}: no line on that panel.
     *
     * @param migrationTotalMs        {@code maxTotalMs}, on total time
     * @param migrationDowntimeMs     {@code maxDowntimeMs}, on QEMU's downtime
     * @param migrationStopToResumeMs {@code maxStopToResumeMs}, on the pause from STOP to RESUME
     * @param migrationGuestGapMs     {@code maxGuestGapMs}, on the guest gap
     */
    public record Sla(Double migrationTotalMs, Double migrationDowntimeMs, Double migrationStopToResumeMs,
                      Double migrationGuestGapMs) {
        /** The KVM4NFV example SLAs: 2000 ms total, 10 ms downtime (QEMU's); the others not drawn. */
        public static final Sla DEFAULT = new Sla(2000.0, 10.0, null, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String RUN_FILTER = "\"pod_name\" =~ /^$pod$/ AND \"deploy_scenario\" =~ /^$scenario$/";
    /** Migration fields judged against an upper bound: panels show their worst value (and leg) per interval. */
    private static final List<String> SLA_BOUNDED_MS = List.of("total_ms", "downtime_ms", "stop_to_resume_ms",
            "guest_gap_ms", "guest_gap_resolution_ms");
    private static final int WIDTH = 12;
    private static final int HEIGHT = 8;

    private GrafanaDashboards() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("config", "grafana");
        Double total = Sla.DEFAULT.migrationTotalMs();
        Double downtime = Sla.DEFAULT.migrationDowntimeMs();
        Double stopToResume = null;
        Double guestGap = null;
        for (String a : args) {
            String value = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("--migration-total-sla-ms=")) {
                total = Double.parseDouble(value);
            } else if (a.startsWith("--migration-downtime-sla-ms=")) {
                downtime = Double.parseDouble(value);
            } else if (a.startsWith("--migration-stop-to-resume-sla-ms=")) {
                stopToResume = Double.parseDouble(value);
            } else if (a.startsWith("--migration-guest-gap-sla-ms=")) {
                guestGap = Double.parseDouble(value);
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else {
                out = Path.of(a);
            }
        }
        Files.createDirectories(out);
        for (Map.Entry<String, String> e : render(new Sla(total, downtime, stopToResume, guestGap)).entrySet()) {
            Path file = out.resolve(e.getKey());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
        }
    }

    /** File name to dashboard text (pretty-printed JSON with a final newline). */
    public static Map<String, String> render(Sla sla) {
        Map<String, String> files = new TreeMap<>();
        generate(sla).forEach((name, json) -> {
            try {
                files.put(name, JSON.writeValueAsString(json) + "\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        return files;
    }

    /** File name to dashboard JSON. */
    public static Map<String, ObjectNode> generate(Sla sla) {
        Map<String, ObjectNode> dashboards = new LinkedHashMap<>();
        dashboards.put("kvmfornfv-cyclictest.json", cyclictest());
        dashboards.put("kvmfornfv-packet-forwarding.json", forwarding());
        dashboards.put("kvmfornfv-live-migration.json", migration(sla));
        dashboards.put("kvmfornfv-oslat.json", oslat());
        return dashboards;
    }

    private static ObjectNode cyclictest() {
        Layout layout = new Layout();
        for (TestType type : KvmfornfvMeasurements.STANDARD_TEST_TYPES) {
            MeasurementDefinition def = KvmfornfvMeasurements.cyclictest(type);
            Map<String, String> all = Map.of(KvmfornfvMeasurements.THREAD_TAG, KvmfornfvMeasurements.ALL_THREADS);
            layout.row(type.displayName());
            layout.panel(panel(type.displayName() + " · min / avg / max latency", def, List.of("min", "avg", "max"), all,
                    null));
            layout.panel(panel(type.displayName() + " · latency percentiles", def,
                    List.of("p50", "p90", "p99", "p99_9", "p99_99"), all, null));
        }
        return dashboard("kvmfornfv-cyclictest", "KVM4NFV · cyclictest timer latency", layout);
    }

    private static ObjectNode oslat() {
        Layout layout = new Layout();
        for (TestType type : KvmfornfvMeasurements.STANDARD_OSLAT_TEST_TYPES) {
            MeasurementDefinition def = KvmfornfvMeasurements.oslat(type);
            Map<String, String> all = Map.of(KvmfornfvMeasurements.CPU_TAG, KvmfornfvMeasurements.ALL_CPUS);
            layout.row(type.displayName());
            layout.panel(panel(type.displayName() + " · min / avg / max polling latency", def,
                    List.of("min", "avg", "max"), all, null));
            layout.panel(panel(type.displayName() + " · polling latency percentiles", def,
                    List.of("p50", "p90", "p99", "p99_9", "p99_99"), all, null));
        }
        return dashboard("kvmfornfv-oslat", "KVM4NFV · oslat polling latency", layout);
    }

    private static ObjectNode forwarding() {
        Layout layout = new Layout();
        for (String deployment : KvmfornfvMeasurements.STANDARD_DEPLOYMENTS) {
            MeasurementDefinition def = KvmfornfvMeasurements.forwarding(deployment);
            layout.row(deployment);
            for (int size : KvmfornfvMeasurements.STANDARD_FRAME_SIZES) {
                Map<String, String> frame = Map.of(KvmfornfvMeasurements.PACKET_SIZE_TAG, Integer.toString(size));
                String prefix = deployment + " · " + size + " B · ";
                layout.panel(panel(prefix + "latency", def, List.of("min_latency_us", "avg_latency_us", "max_latency_us"),
                        frame, null));
                layout.panel(panel(prefix + "latency percentiles", def, List.of("p50_latency_us", "p90_latency_us",
                        "p99_latency_us", "p99_9_latency_us", "p99_99_latency_us"), frame, null));
                layout.panel(panel(prefix + "throughput (frames/s)", def, List.of("throughput_rx_fps"), frame, null));
                layout.panel(panel(prefix + "throughput (Mbit/s)", def, List.of("throughput_rx_mbps"), frame, null));
                layout.panel(panel(prefix + "frame loss", def, List.of("frame_loss_percent"), frame, null));
            }
        }
        return dashboard("kvmfornfv-packet-forwarding", "KVM4NFV · packet forwarding", layout);
    }

    private static ObjectNode migration(Sla sla) {
        Layout layout = new Layout();
        MeasurementDefinition def = KvmfornfvMeasurements.LIVE_MIGRATION;
        layout.row("Live migration");
        layout.panel(panel("Live migration · total time", def, List.of("total_ms"), Map.of(), sla.migrationTotalMs()));
        layout.panel(panel("Live migration · downtime (QEMU)", def, List.of("downtime_ms"), Map.of(),
                sla.migrationDowntimeMs()));
        layout.panel(panel("Live migration · guest paused, STOP to RESUME", def, List.of("stop_to_resume_ms"), Map.of(),
                sla.migrationStopToResumeMs()));
        layout.panel(panel("Live migration · guest gap (and its resolution)", def,
                List.of("guest_gap_ms", "guest_gap_resolution_ms"), Map.of(), sla.migrationGuestGapMs()));
        layout.panel(panel("Live migration · SLA violated (1 = a leg's result failed its SLA, also when monitored)",
                def, List.of("sla_violated"), Map.of(), null));
        layout.panel(panel("Live migration · setup time", def, List.of("setup_ms"), Map.of(), null));
        layout.panel(panel("Live migration · RAM transferred", def, List.of("transferred_bytes"), Map.of(), null));
        layout.panel(panel("Live migration · throughput", def, List.of("throughput_mbps"), Map.of(), null));
        layout.panel(panel("Live migration · dirty sync rounds", def, List.of("dirty_sync_count"), Map.of(), null));
        return dashboard("kvmfornfv-live-migration", "KVM4NFV · live migration", layout);
    }

    /** The InfluxQL query of one field: aggregated per interval so that dense runs stay readable. */
    static String query(MeasurementDefinition def, String field, Map<String, String> filter) {
        StringBuilder where = new StringBuilder(RUN_FILTER);
        new TreeMap<>(filter).forEach((k, v) -> where.append(" AND \"").append(k).append("\" = '").append(v).append('\''));
        return "SELECT " + selector(field) + "(\"" + field + "\") AS \"" + field + "\" FROM \"" + def.name() + "\" WHERE "
                + where + " AND $timeFilter GROUP BY time($__interval) fill(none)";
    }

    private static String selector(String field) {
        if (field.startsWith("min")) {
            return "min";
        }
        if (field.startsWith("max") || field.matches("p\\d.*") || SLA_BOUNDED_MS.contains(field)
                || field.equals(KvmfornfvMeasurements.SLA_VIOLATED.key())) {
            return "max";
        }
        return "mean";
    }

    private static ObjectNode panel(String title, MeasurementDefinition def, List<String> fields, Map<String, String> filter,
                                    Double threshold) {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "timeseries");
        p.put("title", title);
        p.set("datasource", datasource());
        ObjectNode defaults = p.putObject("fieldConfig").putObject("defaults");
        FieldDefinition first = def.field(fields.get(0)).orElseThrow(
                () -> new IllegalArgumentException(def.name() + " has no field " + fields.get(0)));
        defaults.put("unit", first.unit());
        ObjectNode custom = defaults.putObject("custom");
        custom.put("drawStyle", "line");
        custom.put("lineWidth", 1);
        custom.put("pointSize", 5);
        custom.put("showPoints", "always");
        custom.put("spanNulls", true);
        ObjectNode thresholds = defaults.putObject("thresholds");
        thresholds.put("mode", "absolute");
        ArrayNode steps = thresholds.putArray("steps");
        steps.addObject().put("color", "green").putNull("value");
        if (threshold != null) {
            steps.addObject().put("color", "red").put("value", threshold);
            custom.putObject("thresholdsStyle").put("mode", "line");
            p.put("description", "Red line: the SLA (" + Math.round(threshold * 1000) / 1000.0 + " " + first.unit() + ").");
        } else {
            custom.putObject("thresholdsStyle").put("mode", "off");
        }
        ((ObjectNode) p.get("fieldConfig")).putArray("overrides");
        ObjectNode options = p.putObject("options");
        options.putObject("legend").put("displayMode", "list").put("placement", "bottom").put("showLegend", true);
        options.putObject("tooltip").put("mode", "multi").put("sort", "none");
        ArrayNode targets = p.putArray("targets");
        char ref = 'A';
        for (String field : fields) {
            FieldDefinition f = def.field(field).orElseThrow(
                    () -> new IllegalArgumentException(def.name() + " has no field " + field));
            ObjectNode t = targets.addObject();
            t.put("refId", String.valueOf(ref++));
            t.set("datasource", datasource());
            t.put("rawQuery", true);
            t.put("resultFormat", "time_series");
            t.put("alias", f.title());
            t.put("query", query(def, field, filter));
        }
        return p;
    }

    private static ObjectNode datasource() {
        ObjectNode ds = JSON.createObjectNode();
        ds.put("type", "influxdb");
        ds.put("uid", "${datasource}");
        return ds;
    }

    private static ObjectNode dashboard(String uid, String title, Layout layout) {
        ObjectNode d = JSON.createObjectNode();
        d.put("uid", uid);
        d.put("title", title);
        d.put("description", "Generated by io.kvm4nfv.publish.grafana.GrafanaDashboards from the kvm4nfv-junit "
                + "measurement definitions; regenerate instead of editing.");
        ArrayNode tags = d.putArray("tags");
        tags.add("kvmfornfv");
        tags.add("kvm4nfv-junit");
        d.put("editable", true);
        d.put("graphTooltip", 1);
        d.put("schemaVersion", 36);
        d.put("version", 1);
        d.put("timezone", "browser");
        d.put("refresh", "");
        d.putObject("time").put("from", "now-30d").put("to", "now");
        d.putObject("annotations").putArray("list");
        d.putArray("links");
        ArrayNode vars = d.putObject("templating").putArray("list");
        ObjectNode ds = vars.addObject();
        ds.put("name", "datasource");
        ds.put("label", "InfluxDB");
        ds.put("type", "datasource");
        ds.put("query", "influxdb");
        ds.put("hide", 0);
        ds.put("refresh", 1);
        ds.put("regex", "");
        ds.putObject("current");
        ds.putArray("options");
        vars.add(tagVariable("pod", "Pod", "pod_name"));
        vars.add(tagVariable("scenario", "Scenario", "deploy_scenario"));
        d.set("panels", layout.panels);
        return d;
    }

    /** A multi-value variable over the values of a run tag, "All" matching every value. */
    private static ObjectNode tagVariable(String name, String label, String tagKey) {
        ObjectNode v = JSON.createObjectNode();
        v.put("name", name);
        v.put("label", label);
        v.put("type", "query");
        v.set("datasource", datasource());
        v.put("query", "SHOW TAG VALUES WITH KEY = \"" + tagKey + "\"");
        v.put("definition", "SHOW TAG VALUES WITH KEY = \"" + tagKey + "\"");
        v.put("includeAll", true);
        v.put("multi", true);
        v.put("allValue", ".*");
        v.put("refresh", 2);
        v.put("sort", 1);
        v.put("hide", 0);
        v.put("regex", "");
        v.putObject("current");
        v.putArray("options");
        return v;
    }

    /** Places rows and half-width panels on Grafana's 24-column grid and numbers them. */
    private static final class Layout {
        final ArrayNode panels = JSON.createArrayNode();
        int id = 1;
        int y;
        int x;

        void row(String title) {
            if (x != 0) {
                y += HEIGHT;
                x = 0;
            }
            ObjectNode row = panels.addObject();
            row.put("type", "row");
            row.put("title", title);
            row.put("id", id++);
            row.put("collapsed", false);
            row.putArray("panels");
            row.putObject("gridPos").put("h", 1).put("w", 24).put("x", 0).put("y", y);
            y += 1;
        }

        void panel(ObjectNode panel) {
            panel.put("id", id++);
            panel.putObject("gridPos").put("h", HEIGHT).put("w", WIDTH).put("x", x).put("y", y);
            panels.add(panel);
            x += WIDTH;
            if (x >= 24) {
                x = 0;
                y += HEIGHT;
            }
        }
    }
}
