package io.kvm4nfv.probe.forwarding;

import io.kvm4nfv.node.DetachedProcess;
import io.kvm4nfv.node.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The records of a forwarding lab's processes, with real processes on this machine (no root needed). */
class ProcessRecordsTest {

    private static final LocalNode NODE = new LocalNode("local");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private String live() {
        return NODE.exec("D='" + dir + "'; " + ProcessRecords.functions() + "rec_live", TIMEOUT).requireSuccess()
                .stdoutText();
    }

    private void killRecorded() {
        NODE.exec("D='" + dir + "'; " + ProcessRecords.functions() + "rec_kill", TIMEOUT).requireSuccess();
    }

    @Test
    void aProcessRecordsItselfBeforeItRunsAndIsKilledWithItsGroup() throws Exception {
        ProcessRecords records = new ProcessRecords(NODE, dir.toString(), TIMEOUT);
        // a group leader with a child: both must go
        DetachedProcess server = DetachedProcess.start(NODE, records.selfRecording("server", ProcessRecords.Kind.GROUP,
                List.of("sh", "-c", "sleep 300 & exec sleep 301")), dir + "/server.log");
        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("server")));
        String[] record = Files.readString(dir.resolve("server")).trim().split(" ");
        assertThat(record).hasSize(3);
        assertThat(Long.parseLong(record[0])).isEqualTo(server.pgid());
        assertThat(record[2]).isEqualTo("group");
        await().atMost(10, TimeUnit.SECONDS).until(() -> NODE.exec("tr '\\0' ' ' < /proc/" + server.pgid() + "/cmdline",
                TIMEOUT).stdoutText().startsWith("sleep 301"));  // exec'd: same pid, the real command
        assertThat(live()).isEqualTo(server.pgid() + " group server");

        killRecorded();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !server.alive());
        assertThat(live()).isEmpty();
    }

    @Test
    void aRecordWhosePidNowBelongsToAnotherProcessIsNeverSignalled() throws Exception {
        ProcessRecords records = new ProcessRecords(NODE, dir.toString(), TIMEOUT);
        DetachedProcess stranger = DetachedProcess.start(NODE, List.of("sleep", "300"), dir + "/stranger.log");
        try {
            records.record("mine", stranger.pgid(), ProcessRecords.Kind.GROUP);
            String[] record = Files.readString(dir.resolve("mine")).trim().split(" ");
            // the same pid with another start time: what a reused pid looks like
            Files.writeString(dir.resolve("mine"), record[0] + " " + (Long.parseLong(record[1]) - 1) + " group\n");
            Files.writeString(dir.resolve("gone"), "4194303 1 process\n");

            killRecorded();

            assertThat(stranger.alive()).isTrue();
            assertThat(live()).isEmpty();
        } finally {
            stranger.close();
        }
    }

    @Test
    void recordingAProcessThatDoesNotRunFailsAndNamesAreChecked() {
        ProcessRecords records = new ProcessRecords(NODE, dir.toString(), TIMEOUT);
        assertThatThrownBy(() -> records.record("qemu", 4_194_303, ProcessRecords.Kind.PROCESS))
                .isInstanceOf(ForwardingFailedException.class).hasMessageContaining("cannot record qemu");
        assertThatThrownBy(() -> records.selfRecording("../x", ProcessRecords.Kind.PROCESS, List.of("true")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
