package io.kvm4nfv.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A small property runner for parser fuzzing on plain JUnit Jupiter: {@code tries} inputs
 * from a seeded generator, each checked on a worker thread within a time bound and an
 * allocation bound (bytes allocated by that try, so memory that grows with a number in the
 * input fails the property even when the heap could hold it).
 *
 * <p>The first input also runs once before the timed tries, bounded by 60 s only and not
 * measured: class loading and JIT on a loaded 2-core machine took over 2 s there, which made
 * a per-try bound flaky. A try then has 5 s: far above any parser's time on these inputs,
 * far below a hang.
 *
 * <p>The seed is fixed (from the property's name) so a run never flakes; {@code
 * -Dkvm4nfv.fuzz.seed=N} explores other inputs and {@code -Dkvm4nfv.fuzz.tries=N} overrides
 * every property's tries. A failing property runs all its tries, groups the failures by kind
 * (exception type and the first project frame, or "hang", or "memory") and reports, per
 * kind, how often it happened and its shortest input: a poor man's shrinking.
 */
public final class Fuzz {
    private static final int MAX_SHOWN_CHARS = 600;

    /** Makes one input from the random source. */
    @FunctionalInterface
    public interface Gen<T> {
        T next(Random random);
    }

    /** Checks one input; throws (an {@link AssertionError} or anything) when the property fails. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private final String name;
    private final int tries;
    private final Duration perTry;
    private final Function<Object, String> show;
    private final long fixedBytes;
    private final long bytesPerChar;

    private Fuzz(String name, int tries, Duration perTry, Function<Object, String> show, long fixedBytes,
                 long bytesPerChar) {
        this.name = name;
        this.tries = tries;
        this.perTry = perTry;
        this.show = show;
        this.fixedBytes = fixedBytes;
        this.bytesPerChar = bytesPerChar;
    }

    /**
     * A property of {@code tries} tries, each within 5 s and 32 MB plus 400 bytes per character
     * of the input as shown.
     */
    public static Fuzz property(String name, int tries) {
        return new Fuzz(name, Integer.getInteger("kvm4nfv.fuzz.tries", tries), Duration.ofSeconds(5),
                String::valueOf, 32L << 20, 400);
    }

    /** How an input is shown in a failure (and measured for the allocation bound). */
    public Fuzz showing(Function<Object, String> how) {
        return new Fuzz(name, tries, perTry, how, fixedBytes, bytesPerChar);
    }

    /** The allocation bound of one try: {@code fixed} bytes plus {@code perChar} per character of the input. */
    public Fuzz allocating(long fixed, long perChar) {
        return new Fuzz(name, tries, perTry, show, fixed, perChar);
    }

    /** The seed of this property: {@code -Dkvm4nfv.fuzz.seed}, else fixed from its name. */
    public long seed() {
        Long given = Long.getLong("kvm4nfv.fuzz.seed");
        return given != null ? given : name.hashCode() * 0x9E3779B97F4A7C15L;
    }

    /** Runs the property over generated inputs; fails with every kind of failure seen. */
    public <T> void forAll(Gen<? extends T> gen, Property<? super T> property) {
        long seed = seed();
        Random random = new Random(seed);
        Map<String, Failure> failures = new LinkedHashMap<>();
        ExecutorService worker = newWorker();
        try {
            T first = gen.next(random);
            warmUp(worker, first, property);
            for (int i = 0; i < tries; i++) {
                T input = i == 0 ? first : gen.next(random);
                String shown = show.apply(input);
                long budget = fixedBytes + bytesPerChar * shown.length();
                Future<Long> run = worker.submit(() -> {
                    long before = allocatedBytes();
                    property.check(input);
                    return allocatedBytes() - before;
                });
                Throwable problem = null;
                String kind;
                try {
                    long allocated = run.get(perTry.toMillis(), TimeUnit.MILLISECONDS);
                    if (allocated <= budget) {
                        continue;
                    }
                    kind = "memory";
                    problem = new AssertionError("allocated " + allocated + " bytes, more than the " + budget
                            + " allowed for this input");
                } catch (TimeoutException e) {
                    run.cancel(true);
                    worker.shutdownNow(); // the stuck thread is a daemon: abandon it and go on with a new one
                    worker = newWorker();
                    kind = "hang";
                    problem = new AssertionError("no answer within " + perTry.toMillis() + " ms");
                } catch (ExecutionException e) {
                    problem = e.getCause();
                    kind = kindOf(problem);
                }
                failures.computeIfAbsent(kind, k -> new Failure()).add(i, shown, problem);
                if (kind.equals("hang") && failures.get(kind).count >= 3) {
                    break; // each hang leaves a thread spinning: stop before they pile up
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + " interrupted", e);
        } finally {
            worker.shutdownNow();
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(name + ": " + failures.size() + " kind(s) of failure in " + tries
                    + " tries (seed " + seed + ", -Dkvm4nfv.fuzz.seed=" + seed + " repeats them)");
            Throwable first = null;
            for (Map.Entry<String, Failure> e : failures.entrySet()) {
                Failure f = e.getValue();
                sb.append("\n- ").append(e.getKey()).append(": ").append(f.count).append("x, first at try ")
                        .append(f.firstTry).append("; shortest input (").append(f.shortest.length())
                        .append(" chars): ").append(escape(f.shortest)).append("\n  -> ").append(f.problem);
                if (first == null) {
                    first = f.problem;
                }
            }
            throw new AssertionError(sb.toString(), first);
        }
    }

    /** Runs the property once untimed (within 60 s) so class loading does not count against a try. */
    private <T> void warmUp(ExecutorService worker, T input, Property<? super T> property) throws InterruptedException {
        Future<?> run = worker.submit(() -> {
            try {
                property.check(input);
            } catch (Throwable t) {
                // the timed try of the same input reports it
            }
        });
        try {
            run.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError(name + ": the first input took more than 60 s: " + escape(show.apply(input)));
        }
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz " + name);
            t.setDaemon(true);
            return t;
        });
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The exception's type and the first frame in this project (where the parser let it out). */
    private static String kindOf(Throwable t) {
        if (t instanceof AssertionError) {
            return "assertion: " + String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("io.kvm4nfv.")) {
                return t.getClass().getName() + " at " + frame.getClassName() + "." + frame.getMethodName()
                        + ":" + frame.getLineNumber();
            }
        }
        return t.getClass().getName();
    }

    /** Control characters as escapes, cut to a readable length. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(MAX_SHOWN_CHARS).forEach(c -> {
            if (c == '\n') {
                sb.append("\\n");
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        if (s.length() > MAX_SHOWN_CHARS) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static final class Failure {
        int count;
        int firstTry = -1;
        String shortest;
        Throwable problem;

        void add(int attempt, String input, Throwable p) {
            count++;
            if (firstTry < 0) {
                firstTry = attempt;
            }
            if (shortest == null || input.length() < shortest.length()) {
                shortest = input;
                problem = p;
            }
        }
    }
}
