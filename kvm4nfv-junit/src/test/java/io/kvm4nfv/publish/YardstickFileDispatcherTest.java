package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvm4nfv.publish.measure.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class YardstickFileDispatcherTest {

    @TempDir
    Path tmp;

    @Test
    void writesOneYardstickStyleDocumentPerRunAfterEveryResult() throws Exception {
        Publisher publisher = Publisher.create(PublishOptions.defaults(tmp).withSpoolDir(tmp.resolve("spool")), PublishFixtures.RUN);
        publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS));
        JsonNode afterOne = read(tmp.resolve("yardstick.out"));
        assertThat(afterOne.get("status").asInt()).isEqualTo(1);
        assertThat(afterOne.at("/result/criteria").asText()).isEqualTo("PASS");

        publisher.publish(PublishFixtures.record("cyclictest_cpustress_idle", "CPU_stress-Idle", Criteria.FAIL));
        publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS));
        JsonNode doc = read(tmp.resolve("yardstick.out"));
        JsonNode result = doc.get("result");
        assertThat(result.get("criteria").asText()).isEqualTo("FAIL");
        assertThat(result.get("task_id").asText()).isEqualTo("task-1");
        assertThat(result.get("info").get("pod_name").asText()).isEqualTo("local");
        assertThat(result.get("info").get("deploy_scenario").asText()).isEqualTo("os-nosdn-kvm-noha");
        assertThat(result.get("info").get("installer").asText()).isEqualTo("none");
        assertThat(result.get("info").get("version").asText()).isEqualTo("0.1.0");
        JsonNode idle = result.at("/testcases/cyclictest_idle_idle");
        assertThat(idle.get("criteria").asText()).isEqualTo("PASS");
        assertThat(idle.get("tc_data")).hasSize(2);
        JsonNode first = idle.get("tc_data").get(0);
        assertThat(first.get("sequence").asInt()).isEqualTo(1);
        assertThat(idle.get("tc_data").get(1).get("sequence").asInt()).isEqualTo(2);
        assertThat(first.get("timestamp").isNumber()).isTrue();
        assertThat(first.get("timestamp").asDouble()).isEqualTo(1795601400.123);
        assertThat(first.at("/data/aggregate/maxUs").isNumber()).isTrue();
        assertThat(first.at("/data/aggregate/maxUs").asLong()).isEqualTo(150);
        assertThat(first.get("errors").asText()).isEmpty();
        JsonNode stress = result.at("/testcases/cyclictest_cpustress_idle");
        assertThat(stress.get("criteria").asText()).isEqualTo("FAIL");
        assertThat(stress.at("/tc_data/0/errors").asText()).isEqualTo("SLA not met");
        // the JSON Lines file has every result too
        assertThat(java.nio.file.Files.readAllLines(publisher.resultsFile())).hasSize(3);
    }

    @Test
    void everyRecordNamesItsScenarioAndTheInfoTheOneTheyShare() throws Exception {
        Publisher publisher = Publisher.create(PublishOptions.defaults(tmp).withSpoolDir(tmp.resolve("spool")), PublishFixtures.RUN);
        publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS, PublishFixtures.SCENARIO));
        JsonNode own = read(tmp.resolve("yardstick.out")).get("result");
        assertThat(own.at("/info/deploy_scenario").asText()).as("the test's @Scenario").isEqualTo(PublishFixtures.SCENARIO);
        assertThat(own.at("/testcases/cyclictest_idle_idle/tc_data/0/deploy_scenario").asText())
                .isEqualTo(PublishFixtures.SCENARIO);

        publisher.publish(PublishFixtures.record("cyclictest_idle_idle", "Idle-Idle", Criteria.PASS));
        JsonNode mixed = read(tmp.resolve("yardstick.out")).get("result");
        assertThat(mixed.at("/info/deploy_scenario").asText()).as("records differ: the run's").isEqualTo("os-nosdn-kvm-noha");
        assertThat(mixed.at("/testcases/cyclictest_idle_idle/tc_data")).extracting(e -> e.get("deploy_scenario").asText())
                .containsExactly(PublishFixtures.SCENARIO, "os-nosdn-kvm-noha");
    }

    @Test
    void recordsOfAnEarlierRunGoToThatRunsFile() throws Exception {
        YardstickFileDispatcher d = new YardstickFileDispatcher(tmp, PublishFixtures.RUN);
        RunInfo earlier = new RunInfo("task-0", "local", null, null, null);
        d.dispatch(PublishFixtures.record("x", "Idle-Idle", Criteria.PASS), earlier);
        assertThat(read(tmp.resolve("yardstick-task-0.out")).at("/result/task_id").asText()).isEqualTo("task-0");
        assertThat(d.fileOf(PublishFixtures.RUN)).isEqualTo(tmp.resolve("yardstick.out"));
        assertThat(List.of(tmp.toFile().list())).doesNotContain("yardstick.out");
    }

    private static JsonNode read(Path file) throws IOException {
        return ResultsFile.JSON.readTree(file.toFile());
    }
}
