package io.kvm4nfv.publish.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MeasurementDefinition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SELECT = Pattern.compile("^SELECT (\\w+)\\(\"(\\w+)\"\\) AS \"\\w+\" FROM \"(\\w+)\" WHERE (.*) "
            + "AND \\$timeFilter GROUP BY time\\(\\$__interval\\) fill\\(none\\)$");
    private static final Pattern TAG_EQ = Pattern.compile("\"(\\w+)\" (=|=~) ('[^']*'|/[^/]*/)");
    private static final Pattern FRAME_TITLE = Pattern.compile("^(\\w+) · (\\d+) B · .*");

    static Path grafanaDir() {
        String dir = System.getProperty("kvm4nfv.config.dir");
        return (dir == null || dir.isBlank() ? Path.of("..", "config") : Path.of(dir)).resolve("grafana");
    }

    @Test
    void committedDashboardsAreUpToDateWithTheGenerator() throws IOException {
        Map<String, String> generated = GrafanaDashboards.render(GrafanaDashboards.Sla.DEFAULT);
        assertThat(generated).containsOnlyKeys("kvmfornfv-cyclictest.json", "kvmfornfv-packet-forwarding.json",
                "kvmfornfv-live-migration.json", "kvmfornfv-oslat.json");
        try (var files = Files.list(grafanaDir())) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .as("no dashboard in %s that the generator does not make", grafanaDir())
                    .containsExactlyInAnyOrderElementsOf(generated.keySet());
        }
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path file = grafanaDir().resolve(e.getKey());
            assertThat(file).as("regenerate with GrafanaDashboards.main").exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s is stale: run io.kvm4nfv.publish.grafana.GrafanaDashboards config/grafana", file)
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void everyPanelQueriesAnExistingMeasurementFieldAndTag() throws IOException {
        Map<String, MeasurementDefinition> defs = KvmfornfvMeasurements.standardDefinitions().stream()
                .collect(Collectors.toMap(MeasurementDefinition::name, Function.identity()));
        Set<String> measurementsShown = new HashSet<>();
        int queries = 0;
        for (Path file : dashboardFiles()) {
            JsonNode dash = JSON.readTree(file.toFile());
            assertThat(dash.get("uid").asText()).isNotBlank();
            assertThat(dash.at("/templating/list/0/type").asText()).isEqualTo("datasource");
            assertThat(dash.at("/templating/list/0/query").asText()).isEqualTo("influxdb");
            assertThat(dash.at("/templating/list")).extracting(v -> v.get("name").asText() + " " + v.get("query").asText())
                    .containsExactly("datasource influxdb", "pod SHOW TAG VALUES WITH KEY = \"pod_name\"",
                            "scenario SHOW TAG VALUES WITH KEY = \"deploy_scenario\"");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dash.get("panels")) {
                assertThat(ids.add(panel.get("id").asInt())).as("unique id %s", panel.get("id")).isTrue();
                JsonNode grid = panel.get("gridPos");
                assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
                if (panel.get("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.get("type").asText()).isEqualTo("timeseries");
                assertThat(panel.at("/datasource/type").asText()).isEqualTo("influxdb");
                assertThat(panel.get("targets")).isNotEmpty();
                for (JsonNode target : panel.get("targets")) {
                    assertThat(target.get("rawQuery").asBoolean()).isTrue();
                    String q = target.get("query").asText();
                    Matcher m = SELECT.matcher(q);
                    assertThat(m.matches()).as("query shape: %s", q).isTrue();
                    MeasurementDefinition def = defs.get(m.group(3));
                    assertThat(def).as("measurement of %s", q).isNotNull();
                    assertThat(def.field(m.group(2))).as("field of %s", q).isPresent();
                    assertThat(List.of("min", "max", "mean")).contains(m.group(1));
                    List<String> filtered = new ArrayList<>();
                    for (String[] tag : tags(m.group(4))) {
                        assertThat(def.allTagKeys()).as("tag of %s", q).contains(tag[0]);
                        filtered.add(tag[0] + " " + tag[1] + " " + tag[2]);
                    }
                    assertThat(filtered).as("the dashboard variables filter %s", q)
                            .contains("pod_name =~ /^$pod$/", "deploy_scenario =~ /^$scenario$/");
                    measurementsShown.add(def.name());
                    queries++;
                }
            }
        }
        assertThat(measurementsShown).containsExactlyInAnyOrderElementsOf(defs.keySet());
        assertThat(queries).isGreaterThan(100);
    }

    @Test
    void everyFrameSizePanelFiltersItsOwnFrameSizeAndDeployment() throws IOException {
        JsonNode dash = JSON.readTree(grafanaDir().resolve("kvmfornfv-packet-forwarding.json").toFile());
        Set<String> seen = new HashSet<>();
        for (JsonNode panel : dash.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            Matcher title = FRAME_TITLE.matcher(panel.get("title").asText());
            assertThat(title.matches()).as(panel.get("title").asText()).isTrue();
            String deployment = title.group(1);
            String size = title.group(2);
            seen.add(deployment + "/" + size);
            for (JsonNode target : panel.get("targets")) {
                String q = target.get("query").asText();
                Matcher m = SELECT.matcher(q);
                assertThat(m.matches()).isTrue();
                assertThat(m.group(3)).isEqualTo("kvmfornfv_packet_forwarding_" + deployment);
                List<String> sizes = tags(m.group(4)).stream().filter(t -> t[0].equals("packet_size")).map(t -> t[2]).toList();
                assertThat(sizes).as("frame size filter of '%s'", panel.get("title").asText()).containsExactly("'" + size + "'");
            }
        }
        assertThat(seen).hasSize(KvmfornfvMeasurements.STANDARD_DEPLOYMENTS.size()
                * KvmfornfvMeasurements.STANDARD_FRAME_SIZES.size());
    }

    @Test
    void cyclictestPanelsShowTheAggregateAndMigrationPanelsDrawTheSla() throws IOException {
        JsonNode cyc = JSON.readTree(grafanaDir().resolve("kvmfornfv-cyclictest.json").toFile());
        for (JsonNode panel : cyc.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.get("query").asText()).contains("\"thread\" = 'all'");
            }
        }
        JsonNode mig = JSON.readTree(grafanaDir().resolve("kvmfornfv-live-migration.json").toFile());
        // one line per bound: KVM4NFV's total and QEMU downtime by default; STOP to RESUME and the guest gap
        // are bounds of their own, drawn only when given
        Map<String, Double> sla = Map.of("total_ms", 2000.0, "downtime_ms", 10.0);
        int withLine = 0;
        for (JsonNode panel : mig.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            Matcher m = SELECT.matcher(panel.at("/targets/0/query").asText());
            assertThat(m.matches()).isTrue();
            Optional<Double> expected = Optional.ofNullable(sla.get(m.group(2)));
            JsonNode steps = panel.at("/fieldConfig/defaults/thresholds/steps");
            if (expected.isPresent()) {
                withLine++;
                assertThat(panel.at("/fieldConfig/defaults/custom/thresholdsStyle/mode").asText()).isEqualTo("line");
                assertThat(steps.get(1).get("value").asDouble()).isEqualTo(expected.get());
                assertThat(panel.at("/fieldConfig/defaults/unit").asText()).isEqualTo("ms");
            } else {
                assertThat(steps).hasSize(1);
            }
        }
        assertThat(withLine).isEqualTo(2);
        // given all four bounds, each panel draws its own
        JsonNode four = GrafanaDashboards.generate(new GrafanaDashboards.Sla(2000.0, 10.0, 20.0, 50.0))
                .get("kvmfornfv-live-migration.json");
        Map<String, Double> lines = new java.util.HashMap<>();
        for (JsonNode panel : four.get("panels")) {
            JsonNode steps = panel.at("/fieldConfig/defaults/thresholds/steps");
            if (steps.size() == 2) {
                Matcher m = SELECT.matcher(panel.at("/targets/0/query").asText());
                assertThat(m.matches()).isTrue();
                lines.put(m.group(2), steps.get(1).get("value").asDouble());
            }
        }
        assertThat(lines).containsOnly(Map.entry("total_ms", 2000.0), Map.entry("downtime_ms", 10.0),
                Map.entry("stop_to_resume_ms", 20.0), Map.entry("guest_gap_ms", 50.0));
    }

    static List<Path> dashboardFiles() {
        return GrafanaDashboards.render(GrafanaDashboards.Sla.DEFAULT).keySet().stream().map(grafanaDir()::resolve).toList();
    }

    /** The tag conditions of a WHERE clause: key, operator, value (quoted or /regex/). */
    static List<String[]> tags(String where) {
        List<String[]> tags = new ArrayList<>();
        Matcher m = TAG_EQ.matcher(where);
        while (m.find()) {
            tags.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return tags;
    }
}
