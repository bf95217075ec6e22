package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RemoteProcessTest {
    private final LocalNode sh = new LocalNode("local");

    @Test
    void wrappedCommandReportsItsPidFirstAndKeepsItsOutputAndStatus() {
        RemoteProcess remote = RemoteProcess.create();
        ExecResult r = sh.exec(remote.wrap("echo \"$$\"; echo 'it''s' >&2; exit 4"), Duration.ofSeconds(10));
        assertThat(r.exitStatus()).isEqualTo(4);
        assertThat(r.stderrTail()).hasSize(2);
        long reported = remote.parsePid(r.stderrTail().get(0)).orElseThrow();
        assertThat(r.stdoutTail()).containsExactly(String.valueOf(reported)); // exec keeps the pid
        assertThat(r.stderrTail().get(1)).isEqualTo("its");
    }

    @Test
    void onlyItsOwnTokenIsTakenForAPidReport() {
        RemoteProcess remote = RemoteProcess.create();
        assertThat(remote.parsePid("kvm4nfv-pid-0000000000000000 123")).isEmpty();
        assertThat(remote.parsePid("123")).isEmpty();
    }

    @Test
    void killScriptStopsATreeThatIgnoresTermButNotTheCaller() throws Exception {
        long marker = 800_000 + System.nanoTime() % 99_999;
        Process p = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; sleep " + marker + " & sleep " + (marker + 1) + "; wait")
                .start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> NodeContract.processesMatching("sleep " + (marker + 1)).size() == 2); // the shell and the sleep
            ExecResult kill = sh.exec(RemoteProcess.killScript(p.pid()), Duration.ofSeconds(20));
            assertThat(kill.succeeded()).as(kill.outcome()).isTrue();
            assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(NodeContract.processesMatching("sleep " + marker / 10)).isEmpty());
            assertThat(ProcessHandle.current().isAlive()).isTrue();
        } finally {
            LocalNode.killTree(p.toHandle());
        }
    }
}
