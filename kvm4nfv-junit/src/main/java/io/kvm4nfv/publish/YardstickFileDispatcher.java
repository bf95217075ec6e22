package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvm4nfv.publish.measure.RunInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON document per run in the shape of Yardstick's {@code yardstick.out}, rewritten
 * (atomically) after every result so that it is complete whenever the run stops:
 * <pre>{@code
 * {"status": 1,
 *  "result": {"criteria": "PASS|FAIL", "task_id": "…",
 *             "info": {"deploy_scenario": …, "installer": …, "pod_name": …, "version": …},
 *             "testcases": {"<case>": {"criteria": "PASS|FAIL",
 *                                      "tc_data": [{"timestamp": 1.7e9, "sequence": 1,
 *                                                   "deploy_scenario": "…",
 *                                                   "data": {…result…}, "errors": ""}]}}}}
 * }</pre>
 * {@code timestamp} is in seconds since the epoch (a float, as Yardstick's runners wrote it),
 * {@code sequence} counts the records of a case from 1, a case is FAIL when any of its records
 * is, the run is FAIL when any case is. Each record says the scenario it was measured on
 * (its own, e.g. a test's {@code @Scenario}, else the run's); {@code info.deploy_scenario} is
 * the scenario all records of the run share, or the run's own when they differ. The current run's file is {@code yardstick.out} in the
 * results directory; records of an earlier run re-sent from the spool go to
 * {@code yardstick-<task_id>.out}.
 */
public final class YardstickFileDispatcher implements Dispatcher {

    private final Path directory;
    private final String currentTaskId;
    private final Map<String, ObjectNode> documents = new LinkedHashMap<>();

    /**
     * A dispatcher writing to {@code directory}.
     *
     * @param directory  the results directory
     * @param currentRun the run whose file is {@code yardstick.out}
     */
    public YardstickFileDispatcher(Path directory, RunInfo currentRun) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.currentTaskId = currentRun.taskId();
    }

    @Override
    public String name() {
        return "file";
    }

    /**
     * Where the document of a run is written.
     *
     * @param run the run the records belong to
     * @return {@code yardstick.out} for the current run, else {@code yardstick-<task_id>.out}, in the results directory
     */
    public Path fileOf(RunInfo run) {
        return directory.resolve(run.taskId().equals(currentTaskId) ? "yardstick.out" : "yardstick-" + run.taskId() + ".out");
    }

    @Override
    public void dispatch(ResultRecord record, RunInfo run) throws RecordNotDeliveredException {
        ObjectNode doc = documents.computeIfAbsent(run.taskId(), id -> newDocument(run));
        ObjectNode result = (ObjectNode) doc.get("result");
        ObjectNode testcases = (ObjectNode) result.get("testcases");
        ObjectNode testcase = testcases.has(record.caseName()) ? (ObjectNode) testcases.get(record.caseName())
                : testcases.putObject(record.caseName());
        ArrayNode tcData = testcase.has("tc_data") ? (ArrayNode) testcase.get("tc_data") : testcase.putArray("tc_data");
        boolean caseFailed = record.criteria() == Criteria.FAIL
                || Criteria.FAIL.name().equals(testcase.path("criteria").asText());
        testcase.put("criteria", caseFailed ? Criteria.FAIL.name() : Criteria.PASS.name());
        ObjectNode entry = tcData.addObject();
        entry.put("timestamp", record.stoppedAt().toEpochMilli() / 1000.0);
        entry.put("sequence", tcData.size());
        entry.put("deploy_scenario", record.scenarioIn(run));
        entry.set("data", record.details());
        entry.put("errors", record.criteria() == Criteria.FAIL ? "SLA not met" : "");
        boolean anyFailed = false;
        for (var tc : testcases) {
            anyFailed |= Criteria.FAIL.name().equals(tc.path("criteria").asText());
        }
        result.put("criteria", anyFailed ? Criteria.FAIL.name() : Criteria.PASS.name());
        ((ObjectNode) result.get("info")).put("deploy_scenario", sharedScenario(testcases).orElse(run.scenario()));
        Path file = fileOf(run);
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(file, ResultsFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        } catch (IOException e) {
            // the in-memory document keeps the record; the next write includes it again
            tcData.remove(tcData.size() - 1);
            throw new RecordNotDeliveredException("run file " + file + " could not be written: " + e.getMessage(), true,
                    e);
        }
    }

    /** The scenario every record of the run names, if they all name the same. */
    private static Optional<String> sharedScenario(ObjectNode testcases) {
        Set<String> scenarios = new HashSet<>();
        for (var tc : testcases) {
            tc.path("tc_data").forEach(entry -> scenarios.add(entry.path("deploy_scenario").asText()));
        }
        return scenarios.size() == 1 ? Optional.of(scenarios.iterator().next()) : Optional.empty();
    }

    private static ObjectNode newDocument(RunInfo run) {
        ObjectNode doc = ResultsFile.JSON.createObjectNode();
        doc.put("status", 1);
        ObjectNode result = doc.putObject("result");
        result.put("criteria", Criteria.PASS.name());
        result.put("task_id", run.taskId());
        ObjectNode info = result.putObject("info");
        info.put("deploy_scenario", run.scenario());
        info.put("installer", run.installer());
        info.put("pod_name", run.podName());
        info.put("version", run.version());
        result.putObject("testcases");
        return doc;
    }
}
