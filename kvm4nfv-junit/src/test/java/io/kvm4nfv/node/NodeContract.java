package io.kvm4nfv.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Node} contract, run against every implementation (subclasses provide the node).
 * The node must run its commands on this machine (a local process or an sshd on loopback),
 * so that the tests can look at the processes left behind.
 */
abstract class NodeContract {
    @TempDir
    Path tmp;

    /** The node under test; the same instance for the whole test. */
    abstract Node node();

    @Test
    void exitStatusStdoutAndStderrComeBack() {
        ExecResult r = node().exec("echo out; echo err >&2; exit 3", Duration.ofSeconds(20));
        assertThat(r.exitStatus()).isEqualTo(3);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.timedOut()).isFalse();
        assertThat(r.stdoutTail()).containsExactly("out");
        assertThat(r.stderrTail()).containsExactly("err");
        assertThat(node().exec("true", Duration.ofSeconds(20)).succeeded()).isTrue();
    }

    @Test
    void timeoutStopsTheWholeProcessTree() {
        long marker = 900_000 + ThreadLocalRandom.current().nextInt(99_999);
        String command = "sleep " + marker + " & (sleep " + (marker + 1) + "; echo never) & trap '' TERM; sleep " + (marker + 2);
        long start = System.nanoTime();
        ExecResult r = node().exec(command, Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitStatus()).isNull();
        assertThat(r.outcome()).startsWith("timed out");
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        Awaitility.await("no sleep " + marker + "* left").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(processesMatching("sleep " + marker / 10)).isEmpty());
    }

    @Test
    void streamsTwoHundredMegabytesWithoutDeadlockOrHeapGrowth() {
        long lineBytes = 100; // 99 characters + newline
        long lines = 2_000_000; // 200 MB
        AtomicLong received = new AtomicLong();
        AtomicLong count = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        ExecResult r = node().exec("yes " + "x".repeat(99) + " | head -n " + lines + "; echo done >&2",
                ExecOptions.timeout(Duration.ofSeconds(120)).withTailLines(5)
                        .withStdout(line -> {
                            received.addAndGet(line.length() + 1);
                            count.incrementAndGet();
                        }));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.gc();
        long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
        System.out.printf("[%s] 200 MB streamed in %d ms (%.0f MB/s), heap growth after GC %d KiB%n",
                node().name(), took.toMillis(), lines * lineBytes / 1e6 / (took.toMillis() / 1000.0), heapGrowth / 1024);
        assertThat(r.succeeded()).as(r.outcome()).isTrue();
        assertThat(received.get()).isEqualTo(lines * lineBytes);
        assertThat(count.get()).isEqualTo(lines);
        assertThat(r.stdoutTail()).hasSize(5);
        assertThat(r.stderrTail()).containsExactly("done");
        assertThat(heapGrowth).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void quotedValuesStayLiteral() throws IOException {
        Path victim = tmp.resolve("created-by-injection");
        String value = "$(touch " + victim + ")";
        ExecResult r = node().exec(Shell.command("echo", value), Duration.ofSeconds(20)).requireSuccess();
        assertThat(r.stdoutText()).isEqualTo(value);
        assertThat(victim).doesNotExist();
        ExecResult quotes = node().exec(Shell.command("printf", "%s|", "it's", "a \"b\"", "`id`"), Duration.ofSeconds(20));
        assertThat(quotes.stdoutText()).isEqualTo("it's|a \"b\"|`id`|");
    }

    @Test
    void uploadsADirectoryRecursively() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub/deeper"));
        Files.writeString(src.resolve("top.txt"), "top\n");
        Files.writeString(src.resolve("sub/deeper/leaf.txt"), "leaf\n");
        Path script = Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dest = tmp.resolve("remote/not/yet/there");
        node().upload(src, dest.toString(), Duration.ofSeconds(30));
        assertThat(dest.resolve("top.txt")).hasContent("top");
        assertThat(dest.resolve("sub/deeper/leaf.txt")).hasContent("leaf");
        assertThat(node().exec(dest.resolve("run.sh").toString(), Duration.ofSeconds(20)).requireSuccess().stdoutText())
                .isEqualTo("ran");
        Path single = Files.writeString(tmp.resolve("single.txt"), "one\n");
        node().upload(single, dest.resolve("sub").toString(), Duration.ofSeconds(30));
        assertThat(dest.resolve("sub/single.txt")).hasContent("one");
    }

    /** Command lines of live processes on this machine that contain {@code text}. */
    static List<String> processesMatching(String text) {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine()
                .filter(c -> c.contains(text)).ifPresent(c -> found.add(p.pid() + " " + c)));
        return found;
    }
}
