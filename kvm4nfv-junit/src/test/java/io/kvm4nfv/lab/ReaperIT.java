package io.kvm4nfv.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper with real processes: a lab in a child JVM that is killed with {@code kill -9},
 * that exits normally, and that is killed together with its watchdog (then the next lab in
 * the same base folder must reap the leftovers); plus the pid-reuse guards.
 */
class ReaperIT {

    @TempDir
    Path temp;

    private Path base;
    private String marker;
    private final List<Process> children = new java.util.ArrayList<>();
    private final List<Long> watchdogs = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        base = temp.resolve("labs-" + unique);
        marker = "reaper-it-" + unique;
    }

    @AfterEach
    void killLeftovers() throws Exception {
        for (Process child : children) {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        // let the children's watchdogs finish before @TempDir deletes their lab directories
        for (long watchdog : watchdogs) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ProcStat.startTime(watchdog).isEmpty());
        }
        // whatever a failed test left behind: stop it here, not in the next test
        run("pkill", "-KILL", "-f", Path.of(base.toString()) + "/[0-9a-f]+/sshd/");
        run("pkill", "-KILL", "-f", "sleep 600; : " + marker + "-");
    }

    @Test
    void killMinus9OfTheJvmStopsItsSshdAndItsProcessesWithin10Seconds() throws Exception {
        Child child = startChild();
        assertAlive(child);

        long killedAt = System.nanoTime();
        run("kill", "-9", Long.toString(child.process.pid()));
        assertThat(child.process.waitFor(5, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertGone(child);
            // the watchdog removes the socket dir after the processes are gone, then logs "done"
            assertThat(Path.of(child.info.get("SOCKETS"))).doesNotExist();
            assertThat(Files.readString(Path.of(child.info.get("LAB"), "logs", "reaper.log")))
                    .contains("is gone: reaping").contains("stopping sshd-host").contains("stopping sleeper")
                    .contains("done");
        });
        System.out.printf("kill -9 of the lab JVM: sshd, shell and sleep gone and sockets removed after %d ms%n",
                (System.nanoTime() - killedAt) / 1_000_000);
        assertThat(Path.of(child.info.get("LAB"), "pids")).isEmptyDirectory();
    }

    @Test
    void normalJvmExitStopsEverythingThroughTheShutdownHook() throws Exception {
        Child child = startChild();
        assertAlive(child);

        child.stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
        child.stdin.flush();
        assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isZero();

        // the hook reaps synchronously before the JVM ends: nothing may be left right now
        assertGone(child);
        assertThat(Path.of(child.info.get("SOCKETS"))).doesNotExist();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(ProcStat.startTime(Long.parseLong(child.info.get("WATCHDOG")))).isEmpty());
    }

    @Test
    void aSecondLabStartsCleanAfterOneWhoseJvmAndWatchdogWereKilled() throws Exception {
        Child first = startChild();
        run("kill", "-9", first.info.get("WATCHDOG"));
        run("kill", "-9", Long.toString(first.process.pid()));
        assertThat(first.process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        // nobody watched: the leftovers are still there
        assertAlive(first);

        Child second = startChild();

        assertGone(first);
        assertThat(Path.of(first.info.get("SOCKETS"))).doesNotExist();
        assertAlive(second);
        assertThat(Files.readString(Path.of(second.info.get("LAB"), "logs", "reaper.log")))
                .contains("leftover lab " + first.info.get("LAB"));
    }

    @Test
    void closeStopsRegisteredProcessesAndNeverAProcessWhoseStartTimeDiffers() throws Exception {
        LabDirectory lab = LabDirectory.create(base);
        Process registered = new ProcessBuilder("sleep", "600").start();
        Process reused = new ProcessBuilder("sleep", "600").start();
        children.add(reused);
        try (Reaper reaper = Reaper.start(lab)) {
            reaper.register("registered", registered.toHandle());
            Reaper.Registration other = reaper.register("pid-reused", reused.toHandle());
            // as if the registered process had died and its pid had gone to a newer process
            long start = ProcStat.startTime(reused.pid()).orElseThrow();
            Files.writeString(other.file(), reused.pid() + " " + (start - 1) + " pid-reused\n");
            assertThat(reaper.registered()).hasSize(2);
        }
        assertThat(registered.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reused.isAlive()).isTrue();
        assertThat(lab.socketDir()).doesNotExist();
        assertThat(lab.pids()).isEmptyDirectory();
    }

    @Test
    void theOrphansOfARegisteredGroupLeaderThatDiedAreStoppedToo() throws Exception {
        LabDirectory lab = LabDirectory.create(base);
        Path pids = temp.resolve("orphans.pids");
        Process leader = new ProcessBuilder("setsid", "sh", "-c",
                "sleep 600 & echo $! > '" + pids + "'; sleep 601 & echo $! >> '" + pids + "'; wait").start();
        children.add(leader);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
        List<Long> orphans = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        try (Reaper reaper = Reaper.start(lab)) {
            reaper.register("leader", leader.toHandle());
            leader.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            assertThat(orphans).allSatisfy(pid -> assertThat(ProcStat.startTime(pid)).isPresent());

            reaper.reapNow();

            assertThat(orphans).allSatisfy(pid -> assertThat(ProcStat.startTime(pid)).as("orphan %d", pid).isEmpty());
            assertThat(Files.readString(lab.log("reaper.log"))).contains("of the process group of leader");
        }
    }

    @Test
    void aPidFileRegistrationStopsOnlyAProcessStartedAfterIt() throws Exception {
        LabDirectory lab = LabDirectory.create(base);
        Process older = new ProcessBuilder("sleep", "600").start();
        children.add(older);
        Thread.sleep(30);
        Path stalePidFile = temp.resolve("stale.pid");
        Path pidFile = temp.resolve("fresh.pid");
        Process fresh;
        try (Reaper reaper = Reaper.start(lab)) {
            Files.writeString(stalePidFile, older.pid() + "\n");
            reaper.registerPidFile("stale", stalePidFile);
            reaper.registerPidFile("fresh", pidFile);
            fresh = new ProcessBuilder("sleep", "600").start();
            children.add(fresh);
            Files.writeString(pidFile, fresh.pid() + "\n");
        }
        assertThat(fresh.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(older.isAlive()).isTrue();
    }

    @Test
    void closeRemovesTheRegisteredResourcesAndNothingItDidNotRegister() throws Exception {
        LabDirectory lab = LabDirectory.create(base);
        String id = "k4nr" + UUID.randomUUID().toString().substring(0, 6);
        String ns = id + "n";
        String strangerNs = id + "x";
        String link = id + "a";
        String strangerLink = id + "y";
        Path dir = temp.resolve(id + "-run");
        Path strangerDir = temp.resolve(id + "-other");
        Path records = dir.resolve("procs");
        Path socket = temp.resolve(id + ".sock");
        String owner = "test:" + id;
        try {
            run("ip", "netns", "add", strangerNs);
            run("ip", "link", "add", strangerLink, "type", "veth", "peer", "name", strangerLink + "p");
            Files.createDirectories(strangerDir);
            Process group;
            try (Reaper reaper = Reaper.start(lab)) {
                reaper.register(LabResource.namespace(owner, ns));
                reaper.register(LabResource.link(owner, null, link));
                reaper.register(LabResource.folder(owner, dir.toString()));
                reaper.register(LabResource.processRecords(owner, records.toString()));
                reaper.register(LabResource.socket(owner, socket.toString()));
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                        reaper.register(LabResource.namespace(owner, strangerNs))))
                        .as("an existing namespace is not the lab's").isInstanceOf(IllegalStateException.class);
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                        reaper.register(LabResource.folder(owner, strangerDir.toString()))))
                        .isInstanceOf(IllegalStateException.class);
                run("ip", "netns", "add", ns);
                run("ip", "link", "add", link, "type", "veth", "peer", "name", link + "p");
                Files.createDirectories(records);
                // a process group that records itself before it runs, as the forwarding lab's servers do
                group = new ProcessBuilder("setsid", "sh", "-c", "read -r s < /proc/$$/stat; r=${s##*) }; set -- $r;"
                        + " echo \"$$ ${20} group\" > '" + records + "/server'; sleep 600 & wait").start();
                children.add(group);
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(records.resolve("server")));
                try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                    server.bind(java.net.UnixDomainSocketAddress.of(socket));
                }
                assertThat(reaper.registered()).hasSize(5).allMatch(l -> l.contains(" " + owner + " "));
            }
            assertThat(group.waitFor(5, TimeUnit.SECONDS)).as("recorded process stopped").isTrue();
            assertThat(Path.of("/run/netns", ns)).doesNotExist();
            assertThat(Path.of("/sys/class/net", link)).doesNotExist();
            assertThat(dir).doesNotExist();
            assertThat(socket).doesNotExist();
            assertThat(Path.of("/run/netns", strangerNs)).as("unregistered namespace").exists();
            assertThat(Path.of("/sys/class/net", strangerLink)).as("unregistered link").exists();
            assertThat(strangerDir).as("unregistered folder").exists();
            assertThat(lab.pids()).isEmptyDirectory();
            assertThat(Files.readString(lab.log("reaper.log"))).contains("deleting netns " + ns + " of " + owner);
        } finally {
            run("ip", "netns", "del", strangerNs);
            run("ip", "netns", "del", ns);
            run("ip", "link", "del", strangerLink);
            run("ip", "link", "del", link);
        }
    }

    private record Child(Process process, OutputStream stdin, Map<String, String> info) {
    }

    private Child startChild() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String childMarker = marker + "-" + children.size();
        Path log = temp.resolve("child-" + children.size() + ".log");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ReaperChildMain.class.getName(), base.toString(), childMarker)
                .redirectError(log.toFile())
                .start();
        children.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> info = CompletableFuture.supplyAsync(() -> {
            Map<String, String> values = new HashMap<>();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals("READY")) {
                        return values;
                    }
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        values.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("child ended before READY");
        }).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        assertThat(info).as("child READY; its stderr:%n%s", Files.exists(log) ? Files.readString(log) : "").isNotNull();
        info.put("MARKER", childMarker);
        watchdogs.add(Long.parseLong(info.get("WATCHDOG")));
        return new Child(process, process.getOutputStream(), info);
    }

    private void assertAlive(Child child) throws Exception {
        for (String key : List.of("SSHD", "SHELL", "SLEEP")) {
            assertThat(ProcStat.startTime(Long.parseLong(child.info.get(key)))).as(key).isPresent();
        }
        assertThat(pgrep(child.info.get("LAB") + "/sshd/")).isNotEmpty();
        assertThat(pgrep(shellPattern(child))).isNotEmpty();
    }

    private void assertGone(Child child) throws Exception {
        for (String key : List.of("SSHD", "SHELL", "SLEEP")) {
            assertThat(ProcStat.startTime(Long.parseLong(child.info.get(key)))).as(key + " pid").isEmpty();
        }
        assertThat(pgrep(child.info.get("LAB") + "/sshd/")).as("sshd by pgrep -f").isEmpty();
        assertThat(pgrep(shellPattern(child))).as("sleeper shell by pgrep -f").isEmpty();
    }

    private static String shellPattern(Child child) {
        return "sleep 600; : " + child.info.get("MARKER") + "$";
    }

    private static List<String> pgrep(String pattern) throws Exception {
        Process pgrep = new ProcessBuilder("pgrep", "-f", pattern).redirectErrorStream(true).start();
        String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        pgrep.waitFor(5, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
