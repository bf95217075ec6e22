package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.Measurement;
import io.kvm4nfv.publish.measure.MigrationMeasurements;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxLineProtocolTest {

    @Test
    void escapesMeasurementTagsAndFieldKeysAndSortsTags() {
        Measurement m = Measurement.of("my meas,x", Map.of("z", "last", "pod name", "a,b=c d", "a", "first"),
                Map.of("f=k ey", 1.5), 42L);
        assertThat(InfluxLineProtocol.line(m))
                .isEqualTo("my\\ meas\\,x,a=first,pod\\ name=a\\,b\\=c\\ d,z=last f\\=k\\ ey=1.5 42");
    }

    @Test
    void measurementNameKeepsEqualsSignUnescaped() {
        Measurement m = Measurement.of("a=b", Map.of(), Map.of("v", 1.0), 1L);
        assertThat(InfluxLineProtocol.line(m)).isEqualTo("a=b v=1.0 1");
    }

    @Test
    void fieldValuesArePlainFloatsNeverQuotedNorScientific() {
        Measurement m = Measurement.of("m", Map.of(), Map.of("a", 12.0, "b", 0.0001, "c", 1e10, "d", -3.25, "e", 0.0), 7L);
        assertThat(InfluxLineProtocol.line(m)).isEqualTo("m a=12.0,b=0.0001,c=10000000000.0,d=-3.25,e=0.0 7");
        assertThat(InfluxLineProtocol.line(m)).doesNotContain("\"").doesNotContain("E");
    }

    @Test
    void rejectsWhatLineProtocolCannotCarry() {
        assertThatThrownBy(() -> Measurement.of("m", Map.of(), Map.of("v", Double.NaN), 1L))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> Measurement.of("m", Map.of(), Map.of(), 1L)).hasMessageContaining("at least one field");
        assertThatThrownBy(() -> Measurement.of("m", Map.of("t", ""), Map.of("v", 1.0), 1L)).hasMessageContaining("tag 't'");
        Measurement newline = Measurement.of("m", Map.of("t", "a\nb"), Map.of("v", 1.0), 1L);
        assertThatThrownBy(() -> InfluxLineProtocol.line(newline)).hasMessageContaining("newline");
    }

    @Test
    void cyclictestRecordBecomesYardstickStyleLinesWithAllThreads() {
        ResultRecord r = PublishFixtures.record("cyclictest_idle_idle", "CPU_stress-Idle", Criteria.PASS);
        String lines = InfluxLineProtocol.lines(r.measurements());
        List<String> each = lines.lines().toList();
        assertThat(each).hasSize(3);
        assertThat(each.get(0)).isEqualTo("kvmfornfv_cyclictest_cpustress_idle,deploy_scenario=os-nosdn-kvm-noha,"
                + "installer=none,pod_name=local,task_id=task-1,thread=all,version=0.1.0 "
                + "avg=4.437,max=150.0,min=3.0,overflows=1.0,p50=4.0,p90=5.0,p99=10.0,p99_9=10.0,samples=2000.0,"
                + "sla_violated=0.0 " + PublishFixtures.STOP_NS);
        assertThat(each.get(1)).contains(",thread=0,").contains("max=40.0").contains("p99_99=40.0");
        // thread 1's p99.99 lies among the overflows: left out, not invented
        assertThat(each.get(2)).contains(",thread=1,").contains("max=150.0").doesNotContain("p99_99");
    }

    private static final String RUN_TAGS_OWN_SCENARIO = "deploy_scenario=" + PublishFixtures.SCENARIO
            + ",installer=none,";

    @Test
    void migrationRecordIsOnePointPerLegWithTheSlaAndTheTestsScenario() {
        ResultRecord r = ResultRecord.of("kvmfornfv_live_migration", "migration", PublishFixtures.migration(),
                new MigrationMeasurements(2000.0, 10.0), Criteria.FAIL, PublishFixtures.START, PublishFixtures.STOP,
                PublishFixtures.RUN.withScenario(PublishFixtures.SCENARIO));
        assertThat(r.scenario()).isEqualTo(PublishFixtures.SCENARIO);
        assertThat(InfluxLineProtocol.lines(r.measurements())).isEqualTo(
                "kvmfornfv_live_migration," + RUN_TAGS_OWN_SCENARIO + "leg=1,pod_name=local,task_id=task-1,version=0.1.0 "
                        + "dirty_sync_count=4.0,downtime_ms=6.0,guest_gap_ms=266.0,guest_gap_resolution_ms=90.0,"
                        + "setup_ms=3.0,sla_downtime_ms=10.0,sla_total_ms=2000.0,sla_violated=1.0,stop_to_resume_ms=12.25,throughput_mbps=560.5,total_ms=430.0,"
                        + "transferred_bytes=157286400.0,wall_clock_ms=441.5 " + PublishFixtures.STOP_NS + "\n"
                        // the failed leg: what QEMU did not report is left out, not written as 0
                        + "kvmfornfv_live_migration," + RUN_TAGS_OWN_SCENARIO + "leg=2,pod_name=local,task_id=task-1,version=0.1.0 "
                        + "guest_gap_ms=301.5,guest_gap_resolution_ms=91.0,setup_ms=2.0,sla_downtime_ms=10.0,"
                        + "sla_total_ms=2000.0,sla_violated=1.0,total_ms=1200.0,"
                        + "transferred_bytes=1048576.0,wall_clock_ms=1210.0 " + PublishFixtures.STOP_NS + "\n");
    }

    @Test
    void migrationResultsOfThePlainJavaApiGetPointsWithoutSla() {
        var m = PublishFixtures.migration();
        ResultRecord measured = ResultRecord.of("mig", "migration", m, Criteria.PASS, PublishFixtures.START,
                PublishFixtures.STOP, PublishFixtures.RUN);
        assertThat(measured.scenario()).isEqualTo("os-nosdn-kvm-noha");
        assertThat(measured.measurements()).hasSize(2).allSatisfy(p -> assertThat(p.fields()).doesNotContainKeys(
                "sla_total_ms", "sla_downtime_ms"));
        assertThat(measured.measurements().get(0).tags()).containsEntry("deploy_scenario", "os-nosdn-kvm-noha");
        ResultRecord pingPong = ResultRecord.of("mig", "migration", m.pingPong(), Criteria.PASS, PublishFixtures.START,
                PublishFixtures.STOP, PublishFixtures.RUN);
        assertThat(pingPong.measurements()).extracting(p -> p.tags().get("leg")).containsExactly("1", "2");
        assertThat(pingPong.measurements().get(0).fields()).doesNotContainKey("guest_gap_ms")
                .containsEntry("total_ms", 430.0);
        ResultRecord single = ResultRecord.of("mig", "migration", m.last(), Criteria.PASS, PublishFixtures.START,
                PublishFixtures.STOP, PublishFixtures.RUN);
        assertThat(single.measurements()).singleElement().satisfies(p -> assertThat(p.tags()).containsEntry("leg", "1"));
        var noGap = MigrationMeasurements.WITHOUT_SLA.legs(m.legs().subList(0, 1),
                List.of(new io.kvm4nfv.result.HeartbeatReport(0, 1000, Double.NaN, 0, null, 0)), PublishFixtures.RUN, 1L);
        assertThat(noGap.get(0).fields()).as("not a number: not known").doesNotContainKey("guest_gap_ms")
                .containsEntry("downtime_ms", 6.0);
    }

    @Test
    void forwardingRecordIsOnePointPerFrameSizeInTheDeploymentsMeasurement() {
        ResultRecord r = ResultRecord.of("pvp_tput_OVS_netdev", "forwarding", PublishFixtures.forwarding(), Criteria.PASS,
                PublishFixtures.START, PublishFixtures.STOP, PublishFixtures.RUN.withScenario(PublishFixtures.SCENARIO));
        assertThat(InfluxLineProtocol.lines(r.measurements())).isEqualTo(
                "kvmfornfv_packet_forwarding_pvp," + RUN_TAGS_OWN_SCENARIO + "packet_size=64,pod_name=local,task_id=task-1,"
                        + "version=0.1.0 avg_latency_us=12.5,frame_loss_percent=0.0,frames_received=44642850.0,"
                        + "frames_sent=44642850.0,max_latency_us=40.25,min_latency_us=11.0,p50_latency_us=12.0,"
                        + "p99_9_latency_us=38.5,p99_latency_us=30.0,sla_violated=0.0,throughput_rx_fps=1488095.0,"
                        + "throughput_rx_mbps=761.9 "
                        + PublishFixtures.STOP_NS + "\n"
                        + "kvmfornfv_packet_forwarding_pvp," + RUN_TAGS_OWN_SCENARIO + "packet_size=1518,pod_name=local,"
                        + "task_id=task-1,version=0.1.0 avg_latency_us=25.5,frame_loss_percent=0.5,max_latency_us=90.0,"
                        + "min_latency_us=20.0,sla_violated=0.0,throughput_rx_fps=81274.0,throughput_rx_mbps=986.95 "
                        + PublishFixtures.STOP_NS + "\n");
    }

    @Test
    void resultsWithoutPointsAndPointsThatDoNotFitTheirDefinitionAreRefused() {
        assertThat(ResultRecord.of("kvmfornfv_scenario", "scenario", Map.of("scenario", "x"), Criteria.PASS,
                PublishFixtures.START, PublishFixtures.STOP, PublishFixtures.RUN).measurements()).isEmpty();
        Measurement fwd = KvmfornfvMeasurements.forwardingPoint(PublishFixtures.RUN, "PVVP", 64,
                Map.of("avg_latency_us", 12.5), 9L);
        assertThat(InfluxLineProtocol.line(fwd)).startsWith("kvmfornfv_packet_forwarding_pvvp,");
        assertThatThrownBy(() -> KvmfornfvMeasurements.migrationPoint(PublishFixtures.RUN, 1, Map.of("total", 1.0), 1L))
                .hasMessageContaining("undefined fields [total]");
        assertThatThrownBy(() -> KvmfornfvMeasurements.migrationPoint(PublishFixtures.RUN, 0, Map.of("total_ms", 1.0), 1L))
                .hasMessageContaining("legs count from 1");
        assertThatThrownBy(() -> KvmfornfvMeasurements.cyclictest("Idle-Busy")).hasMessageContaining("unknown load 'Busy'");
    }
}
