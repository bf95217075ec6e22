package io.kvm4nfv.publish;

import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.Measurement;
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
                + "avg=4.437,max=150.0,min=3.0,overflows=1.0,p50=4.0,p90=5.0,p99=10.0,p99_9=10.0,samples=2000.0 "
                + PublishFixtures.STOP_NS);
        assertThat(each.get(1)).contains(",thread=0,").contains("max=40.0").contains("p99_99=40.0");
        // thread 1's p99.99 lies among the overflows: left out, not invented
        assertThat(each.get(2)).contains(",thread=1,").contains("max=150.0").doesNotContain("p99_99");
    }

    @Test
    void migrationAndForwardingShapesAreDefinedBeforeTheirResults() {
        Measurement mig = KvmfornfvMeasurements.migrationPoint(PublishFixtures.RUN,
                Map.of("total_ms", 430.0, "downtime_ms", 6.0), 5L);
        assertThat(InfluxLineProtocol.line(mig)).startsWith("kvmfornfv_live_migration,deploy_scenario=")
                .endsWith(" downtime_ms=6.0,total_ms=430.0 5");
        Measurement fwd = KvmfornfvMeasurements.forwardingPoint(PublishFixtures.RUN, "PVVP", 64,
                Map.of("avg_latency_us", 12.5, "frame_loss_percent", 0.0, "throughput_rx_fps", 1488095.0), 9L);
        assertThat(InfluxLineProtocol.line(fwd)).startsWith("kvmfornfv_packet_forwarding_pvvp,")
                .contains(",packet_size=64,")
                .endsWith(" avg_latency_us=12.5,frame_loss_percent=0.0,throughput_rx_fps=1488095.0 9");
        assertThatThrownBy(() -> KvmfornfvMeasurements.migrationPoint(PublishFixtures.RUN, Map.of("total", 1.0), 1L))
                .hasMessageContaining("undefined fields [total]");
        assertThatThrownBy(() -> KvmfornfvMeasurements.cyclictest("Idle-Busy")).hasMessageContaining("unknown load 'Busy'");
    }
}
