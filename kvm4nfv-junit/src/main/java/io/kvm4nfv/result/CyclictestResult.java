package io.kvm4nfv.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one cyclictest run: every thread, their aggregate, a breaktrace hit if any.
 *
 * @param testType      the KVM4NFV test type, {@code [Host-Type]-[Guest-Type]}, e.g. {@code Idle-Idle}
 * @param commandLine   the argv that ran
 * @param threads       one entry per measurement thread, by index
 * @param aggregate     over all threads
 * @param breaktrace    the breaktrace hit, or {@code null}
 * @param rawOutputFile where the raw output was kept, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CyclictestResult(String testType, List<String> commandLine, List<ThreadLatency> threads,
                               LatencySummary aggregate, Breaktrace breaktrace, String rawOutputFile) {

    public CyclictestResult {
        Objects.requireNonNull(testType, "testType");
        commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
        threads = List.copyOf(Objects.requireNonNull(threads, "threads"));
        for (int i = 0; i < threads.size(); i++) {
            if (threads.get(i).thread() != i) {
                throw new IllegalArgumentException("threads must be listed by index: position " + i
                        + " holds thread " + threads.get(i).thread());
            }
        }
        aggregate = aggregate == null ? LatencySummary.of(threads) : aggregate;
    }

    /** A result with the aggregate computed from the threads. */
    public static CyclictestResult of(String testType, List<String> commandLine, List<ThreadLatency> threads,
                                      Breaktrace breaktrace) {
        return new CyclictestResult(testType, commandLine, threads, LatencySummary.of(threads), breaktrace, null);
    }

    public Optional<Breaktrace> breaktraceHit() {
        return Optional.ofNullable(breaktrace);
    }

    public Optional<String> rawOutput() {
        return Optional.ofNullable(rawOutputFile);
    }

    public CyclictestResult withTestType(String type) {
        return new CyclictestResult(type, commandLine, threads, aggregate, breaktrace, rawOutputFile);
    }

    public CyclictestResult withRawOutputFile(String file) {
        return new CyclictestResult(testType, commandLine, threads, aggregate, breaktrace, file);
    }

    public ThreadLatency thread(int index) {
        return threads.get(index);
    }
}
