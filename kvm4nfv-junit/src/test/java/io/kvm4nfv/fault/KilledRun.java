package io.kvm4nfv.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A test class run in a child JVM ({@link ChildLauncherMain}) on an embedded lab of its own
 * under {@code temp/labs}, to be killed with {@code kill -9} in the middle of a test:
 * {@link #awaitReady} until the moment has come, then {@link #killAndAwaitNothingLeft}, which
 * lists what the run has on the machine ({@link RunFootprint}), kills the JVM, and requires every
 * item to be gone within the bound — and nothing else of the run to be there then — and prints
 * the table of both. {@link #close()} makes sure nothing of a failed attempt stays either.
 */
final class KilledRun implements AutoCloseable {

    /** The kinds that must be gone: everything a run creates outside its lab folder, temp files in /tmp too. */
    static final java.util.Set<String> REQUIRED_GONE = java.util.Set.of("process", "netns", "link", "ovs bridge",
            "folder", "socket", "temp file");

    private final Process child;
    private final Path base;
    private final Path results;
    private final Path log;

    private KilledRun(Process child, Path base, Path results, Path log) {
        this.child = child;
        this.base = base;
        this.results = results;
        this.log = log;
    }

    /** Starts {@code testClass} in a child JVM (TCG, the repository's pods), results under {@code temp/results}. */
    static KilledRun start(Path temp, Class<?> testClass, String... parameters) throws IOException {
        Path base = temp.resolve("labs");
        Path results = temp.resolve("results");
        Path log = temp.resolve("child.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dkvm4nfv.lab.dir=" + base, "-Dkvm4nfv.config.dir=" + FaultLab.configDir(), "-Dkvm4nfv.lab.accel=tcg",
                ChildLauncherMain.class.getName(), testClass.getName(), "kvm4nfv.publish.resultsDir=" + results));
        command.addAll(List.of(parameters));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KilledRun(child, base, results, log);
    }

    Path base() {
        return base;
    }

    Path results() {
        return results;
    }

    long pid() {
        return child.pid();
    }

    /**
     * Waits until {@code ready}; fails at once when the child ends first, and after {@code atMost}
     * with {@code ready}'s description and the child's output.
     */
    void awaitReady(Duration atMost, Callable<Boolean> ready) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .failFast(() -> {
                        if (!child.isAlive()) {
                            throw new AssertionError("child ended: " + tail());
                        }
                    })
                    .until(ready);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not ready after " + atMost + ": " + ready + "\nchild output:\n" + tail(), e);
        }
    }

    /**
     * Lists what the run has, kills the child JVM with SIGKILL, and requires every item to be gone
     * within {@code bound}, and no other item of the run to exist then. Prints a table: what was
     * there before the kill, when each was gone (ms after the kill), what was left.
     *
     * @param running what the run was doing, for the table's title
     * @return the items listed before the kill
     */
    List<RunFootprint.Item> killAndAwaitNothingLeft(String running, Duration bound) throws Exception {
        List<RunFootprint.Item> before = RunFootprint.capture(base, child.pid());
        long killedAt = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor(5, TimeUnit.SECONDS);
        Map<RunFootprint.Item, Long> goneAfterMs = new LinkedHashMap<>();
        long deadline = killedAt + bound.toNanos();
        while (true) {
            long now = System.nanoTime();
            for (RunFootprint.Item item : before) {
                if (!goneAfterMs.containsKey(item) && !item.present()) {
                    goneAfterMs.put(item, (now - killedAt) / 1_000_000);
                }
            }
            boolean requiredGone = before.stream().filter(i -> REQUIRED_GONE.contains(i.kind()))
                    .allMatch(goneAfterMs::containsKey);
            if (requiredGone || now > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        List<RunFootprint.Item> after = RunFootprint.capture(base, child.pid());
        long checkedMs = (System.nanoTime() - killedAt) / 1_000_000;
        StringBuilder table = new StringBuilder(String.format(
                "%nkill -9 of the test JVM (pid %d) while %s: %d things of the run before the kill %s;"
                        + " after %d ms: %d of them left, %d in a new listing%n",
                child.pid(), running, before.size(), RunFootprint.counts(before), checkedMs,
                before.size() - goneAfterMs.size(), after.size()));
        table.append(String.format("  %-10s | %-92s | %s%n", "kind", "what was there", "gone after"));
        for (RunFootprint.Item item : before) {
            Long ms = goneAfterMs.get(item);
            table.append(String.format("  %-10s | %-92s | %s%n", item.kind(), item.name(),
                    ms != null ? ms + " ms" : REQUIRED_GONE.contains(item.kind()) ? "LEFT" : "LEFT (not asserted)"));
        }
        for (RunFootprint.Item item : after) {
            table.append(String.format("  %-10s | %-92s | %s%n", item.kind(), item.name(), "LEFT (new listing)"));
        }
        table.append(reaperLog());
        System.out.print(table);
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).as("the child JVM is dead").isTrue();
        assertThat(before).as("what the run had while running").isNotEmpty();
        assertThat(before.stream().filter(i -> !goneAfterMs.containsKey(i) && REQUIRED_GONE.contains(i.kind()))
                .map(i -> i.kind() + " " + i.name()).toList())
                .as("left %d ms after kill -9%s", bound.toMillis(), table).isEmpty();
        assertThat(after.stream().filter(i -> REQUIRED_GONE.contains(i.kind())).map(i -> i.kind() + " " + i.name()).toList())
                .as("of the run, %d ms after kill -9%s", checkedMs, table).isEmpty();
        return before;
    }

    /** What the lab's watchdog logged from the moment it saw the JVM go. */
    private String reaperLog() {
        StringBuilder sb = new StringBuilder();
        try (var labs = Files.list(base)) {
            for (Path lab : labs.toList()) {
                Path log = lab.resolve("logs/reaper.log");
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    int from = 0;
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).contains(" is gone: reaping ")) {
                            from = i;
                        }
                    }
                    lines.subList(from, lines.size()).forEach(l -> sb.append("  ").append(l).append('\n'));
                }
            }
        } catch (IOException e) {
            sb.append("  (no reaper log: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** The last 40 lines of the child's output. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Kills the child if it still runs and lets its reaper finish (or, after a failure, reaps every
     * lab under the base folder through its own reaper), so that nothing of the run outlives the test.
     */
    @Override
    public void close() throws Exception {
        child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> RunFootprint.capture(base, child.pid()).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            if (Files.isDirectory(base)) {
                LabProcesses.reapAll(base);
            }
        }
    }
}
