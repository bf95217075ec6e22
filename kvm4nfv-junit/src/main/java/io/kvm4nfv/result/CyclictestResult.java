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

    /**
     * Checks and normalises the components: a {@code null} command line becomes empty, the
     * threads must be listed by index, and a {@code null} aggregate is computed from the threads.
     *
     * @param testType      the KVM4NFV test type, e.g. {@code Idle-Idle}; not {@code null}
     * @param commandLine   the argv that ran, or {@code null} for none
     * @param threads       one entry per thread, position {@code i} holding thread {@code i}
     * @param aggregate     the aggregate over all threads, or {@code null} to compute it
     * @param breaktrace    the breaktrace hit, or {@code null}
     * @param rawOutputFile where the raw output was kept, or {@code null}
     * @throws IllegalArgumentException when a thread is listed out of index order
     * @throws NullPointerException     when {@code testType} or {@code threads} is {@code null}
     */
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

    /**
     * A result with the aggregate computed from the threads and no raw output file.
     *
     * @param testType    the KVM4NFV test type, e.g. {@code Idle-Idle}
     * @param commandLine the argv that ran, or {@code null} for none
     * @param threads     one entry per thread, listed by index
     * @param breaktrace  the breaktrace hit, or {@code null} when the run did not break
     * @return the result
     */
    public static CyclictestResult of(String testType, List<String> commandLine, List<ThreadLatency> threads,
                                      Breaktrace breaktrace) {
        return new CyclictestResult(testType, commandLine, threads, LatencySummary.of(threads), breaktrace, null);
    }

    /**
     * The breaktrace hit, if cyclictest stopped on one.
     *
     * @return the hit, or empty when the run did not break
     */
    public Optional<Breaktrace> breaktraceHit() {
        return Optional.ofNullable(breaktrace);
    }

    /**
     * Where the raw cyclictest output was kept.
     *
     * @return the file, or empty when the raw output was not kept
     */
    public Optional<String> rawOutput() {
        return Optional.ofNullable(rawOutputFile);
    }

    /**
     * A copy of this result labelled with another test type.
     *
     * @param type the KVM4NFV test type, e.g. {@code CPU_stress-Idle}
     * @return the copy, every other component unchanged
     */
    public CyclictestResult withTestType(String type) {
        return new CyclictestResult(type, commandLine, threads, aggregate, breaktrace, rawOutputFile);
    }

    /**
     * A copy of this result that records where the raw output was kept.
     *
     * @param file the raw output file, or {@code null} for none
     * @return the copy, every other component unchanged
     */
    public CyclictestResult withRawOutputFile(String file) {
        return new CyclictestResult(testType, commandLine, threads, aggregate, breaktrace, file);
    }

    /**
     * One thread's latency.
     *
     * @param index the thread index (0-based, as cyclictest numbers them)
     * @return that thread's figures
     * @throws IndexOutOfBoundsException when the run had no thread {@code index}
     */
    public ThreadLatency thread(int index) {
        return threads.get(index);
    }
}
