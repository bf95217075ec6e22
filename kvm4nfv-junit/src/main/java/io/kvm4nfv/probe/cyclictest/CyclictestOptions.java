package io.kvm4nfv.probe.cyclictest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cyclictest run, as an immutable record that produces an rt-tests 2.x command line
 * ({@link #commandLine()}): never {@code -n} nor {@code --notrace}, which rt-tests 2.x removed.
 *
 * <p>Exactly one of {@code loops} and {@code durationSeconds} is positive (an endless run is
 * not offered). Numeric options that are "not set" are 0; {@code distanceUs} is -1 when not set
 * (0 is a meaningful distance). {@link #defaults()} is KVM4NFV's
 * {@code cyclictest -m -p 99 -i 1000 -l 600000 -h 1000 -q} with one thread.
 *
 * @param executable      the cyclictest binary (name or path)
 * @param intervalUs      base interval of thread 0, µs ({@code -i}), &gt; 0
 * @param priority        priority of the threads ({@code -p}); 1..99 for fifo/rr, 0 for the others
 * @param loops           number of cycles ({@code -l}), 0 when {@code durationSeconds} is used
 * @param durationSeconds run length in seconds ({@code -D}), 0 when {@code loops} is used
 * @param threads         number of measurement threads ({@code -t}), &gt;= 1
 * @param affinity        CPU list to pin threads to ({@code -a}), e.g. {@code 0,2-3}; {@code null} = no pinning
 * @param histogramUs     histogram range, max latency tracked in µs ({@code -h}); 0 = no histogram
 * @param mlock           lock memory ({@code -m})
 * @param policy          scheduling policy ({@code --policy=})
 * @param breaktraceUs    stop and send a break trace when latency exceeds this ({@code -b}); 0 = off
 * @param tracemark       write a trace mark when the {@code -b} threshold is exceeded ({@code --tracemark})
 * @param distanceUs      interval distance between threads ({@code -d}); -1 = cyclictest default
 * @param jsonFile        write the results as JSON to this file on the target ({@code --json=}); {@code null} = no
 * @param quiet           print only the final summary ({@code -q})
 * @param verbose         print every sample ({@code -v}); with {@code quiet} the final summary follows the samples
 */
public record CyclictestOptions(String executable, long intervalUs, int priority, long loops, long durationSeconds,
                                int threads, String affinity, int histogramUs, boolean mlock, SchedPolicy policy,
                                long breaktraceUs, boolean tracemark, long distanceUs, String jsonFile,
                                boolean quiet, boolean verbose) {

    /** cyclictest's own limit on {@code -h}. */
    public static final int MAX_HISTOGRAM_US = 1_000_000;
    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    /**
     * Validates the options against cyclictest's rules.
     *
     * @param executable the cyclictest binary (name or path); not blank
     * @param intervalUs base interval of thread 0 in microseconds, &gt; 0
     * @param priority priority of the threads; 1..99 for fifo/rr, 0 for the others
     * @param loops number of cycles, 0 when {@code durationSeconds} is used
     * @param durationSeconds run length in seconds, 0 when {@code loops} is used
     * @param threads number of measurement threads, &gt;= 1
     * @param affinity CPU list such as {@code 0,2-3}, or {@code null} for no pinning
     * @param histogramUs histogram range in microseconds, 0..{@value #MAX_HISTOGRAM_US}; 0 = no histogram
     * @param mlock whether cyclictest locks its memory
     * @param policy scheduling policy; not {@code null}
     * @param breaktraceUs breaktrace threshold in microseconds; 0 = off
     * @param tracemark whether to write a trace mark at the breaktrace; needs {@code breaktraceUs} &gt; 0
     * @param distanceUs interval distance between threads in microseconds; -1 = cyclictest's default
     * @param jsonFile the JSON output file on the target, or {@code null} for none
     * @param quiet whether only the final summary is printed
     * @param verbose whether every sample is printed
     * @throws IllegalArgumentException when a value is out of range, both or neither of {@code loops} and
     *                                  {@code durationSeconds} are positive, or the priority does not fit the policy
     * @throws NullPointerException if {@code policy} is {@code null}
     */
    public CyclictestOptions {
        if (executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("executable must not be blank");
        }
        if (intervalUs <= 0) {
            throw new IllegalArgumentException("intervalUs must be > 0: " + intervalUs);
        }
        Objects.requireNonNull(policy, "policy must not be null");
        if (policy.realtime() && (priority < 1 || priority > 99)) {
            throw new IllegalArgumentException("priority must be 1..99 for policy " + policy.cliName() + ": " + priority);
        }
        if (!policy.realtime() && priority != 0) {
            throw new IllegalArgumentException("priority must be 0 for policy " + policy.cliName() + ": " + priority);
        }
        if (loops < 0) {
            throw new IllegalArgumentException("loops must be >= 0: " + loops);
        }
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds must be >= 0: " + durationSeconds);
        }
        if ((loops > 0) == (durationSeconds > 0)) {
            throw new IllegalArgumentException("set exactly one of loops and durationSeconds (loops=" + loops
                    + ", durationSeconds=" + durationSeconds + ")");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        if (affinity != null && !CPU_LIST.matcher(affinity).matches()) {
            throw new IllegalArgumentException("affinity must be a CPU list like 0,2-3: '" + affinity + "'");
        }
        if (histogramUs < 0 || histogramUs > MAX_HISTOGRAM_US) {
            throw new IllegalArgumentException("histogramUs must be 0 (off) or 1.." + MAX_HISTOGRAM_US + ": " + histogramUs);
        }
        if (breaktraceUs < 0) {
            throw new IllegalArgumentException("breaktraceUs must be >= 0 (0 = off): " + breaktraceUs);
        }
        if (tracemark && breaktraceUs == 0) {
            throw new IllegalArgumentException("tracemark needs breaktraceUs > 0");
        }
        if (distanceUs < -1) {
            throw new IllegalArgumentException("distanceUs must be >= 0 (or -1 = default): " + distanceUs);
        }
        if (jsonFile != null && (jsonFile.isBlank() || jsonFile.indexOf('\n') >= 0 || jsonFile.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("jsonFile must be a file name, not blank or multi-line");
        }
    }

    /**
     * KVM4NFV's defaults: {@code -m -p 99 --policy=fifo -i 1000 -l 600000 -t 1 -h 1000 -q}.
     *
     * @return KVM4NFV's cyclictest options
     */
    public static CyclictestOptions defaults() {
        return new CyclictestOptions("cyclictest", 1000, 99, 600_000, 0, 1, null, 1000, true, SchedPolicy.FIFO,
                0, false, -1, null, true, false);
    }

    /**
     * The run's planned length: loops × interval, or the duration.
     *
     * @return the planned run length, without start-up and reporting time
     */
    public Duration plannedDuration() {
        return loops > 0 ? Duration.ofNanos(Math.multiplyExact(loops, intervalUs) * 1000L)
                : Duration.ofSeconds(durationSeconds);
    }

    /**
     * The argv, for {@code io.kvm4nfv.node.Shell.command(list)}.
     *
     * @return the command line, the executable first
     */
    public List<String> commandLine() {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        if (mlock) {
            argv.add("-m");
        }
        argv.add("-p");
        argv.add(Integer.toString(priority));
        argv.add("--policy=" + policy.cliName());
        argv.add("-i");
        argv.add(Long.toString(intervalUs));
        if (loops > 0) {
            argv.add("-l");
            argv.add(Long.toString(loops));
        } else {
            argv.add("-D");
            argv.add(durationSeconds + "s");
        }
        argv.add("-t");
        argv.add(Integer.toString(threads));
        if (affinity != null) {
            argv.add("-a");
            argv.add(affinity);
        }
        if (distanceUs >= 0) {
            argv.add("-d");
            argv.add(Long.toString(distanceUs));
        }
        if (histogramUs > 0) {
            argv.add("-h");
            argv.add(Integer.toString(histogramUs));
        }
        if (breaktraceUs > 0) {
            argv.add("-b");
            argv.add(Long.toString(breaktraceUs));
        }
        if (tracemark) {
            argv.add("--tracemark");
        }
        if (jsonFile != null) {
            argv.add("--json=" + jsonFile);
        }
        if (quiet) {
            argv.add("-q");
        }
        if (verbose) {
            argv.add("-v");
        }
        return List.copyOf(argv);
    }

    /**
     * The same options with another cyclictest binary.
     *
     * @param v the binary's name or path
     * @return a copy with {@code executable} replaced
     */
    public CyclictestOptions withExecutable(String v) {
        return new CyclictestOptions(v, intervalUs, priority, loops, durationSeconds, threads, affinity, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another base interval.
     *
     * @param v the base interval in microseconds, &gt; 0
     * @return a copy with {@code intervalUs} replaced
     */
    public CyclictestOptions withIntervalUs(long v) {
        return new CyclictestOptions(executable, v, priority, loops, durationSeconds, threads, affinity, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another thread priority; it must suit the current policy.
     *
     * @param v the priority, 1..99 for fifo/rr, 0 for the others
     * @return a copy with {@code priority} replaced
     */
    public CyclictestOptions withPriority(int v) {
        return new CyclictestOptions(executable, intervalUs, v, loops, durationSeconds, threads, affinity, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * Runs this many loops (and clears the duration).
     *
     * @param v the number of cycles, &gt; 0
     * @return a copy with {@code loops} replaced and {@code durationSeconds} set to 0
     */
    public CyclictestOptions withLoops(long v) {
        return new CyclictestOptions(executable, intervalUs, priority, v, 0, threads, affinity, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * Runs this many seconds (and clears the loops).
     *
     * @param v the run length in seconds, &gt; 0
     * @return a copy with {@code durationSeconds} replaced and {@code loops} set to 0
     */
    public CyclictestOptions withDurationSeconds(long v) {
        return new CyclictestOptions(executable, intervalUs, priority, 0, v, threads, affinity, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another number of measurement threads.
     *
     * @param v the number of threads, &gt;= 1
     * @return a copy with {@code threads} replaced
     */
    public CyclictestOptions withThreads(int v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, v, affinity, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with other CPU pinning.
     *
     * @param v a CPU list such as {@code 0,2-3}, or {@code null} for no pinning
     * @return a copy with {@code affinity} replaced
     */
    public CyclictestOptions withAffinity(String v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, v, histogramUs,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another histogram range.
     *
     * @param v the histogram range in microseconds; 0 = no histogram
     * @return a copy with {@code histogramUs} replaced
     */
    public CyclictestOptions withHistogramUs(int v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity, v,
                mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with or without memory locking.
     *
     * @param v whether cyclictest locks its memory ({@code -m})
     * @return a copy with {@code mlock} replaced
     */
    public CyclictestOptions withMlock(boolean v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity,
                histogramUs, v, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * Sets policy and priority together (priority 0 for non-realtime policies).
     *
     * @param p the scheduling policy
     * @param prio the priority, 1..99 for fifo/rr, 0 for the others
     * @return a copy with {@code policy} and {@code priority} replaced
     */
    public CyclictestOptions withPolicy(SchedPolicy p, int prio) {
        return new CyclictestOptions(executable, intervalUs, prio, loops, durationSeconds, threads, affinity,
                histogramUs, mlock, p, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another breaktrace setting.
     *
     * @param v the breaktrace threshold in microseconds; 0 = off
     * @param mark whether to write a trace mark when it fires ({@code --tracemark}); needs {@code v} &gt; 0
     * @return a copy with {@code breaktraceUs} and {@code tracemark} replaced
     */
    public CyclictestOptions withBreaktraceUs(long v, boolean mark) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity,
                histogramUs, mlock, policy, v, mark, distanceUs, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another distance between the threads' intervals.
     *
     * @param v the distance in microseconds, or -1 for cyclictest's default
     * @return a copy with {@code distanceUs} replaced
     */
    public CyclictestOptions withDistanceUs(long v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity,
                histogramUs, mlock, policy, breaktraceUs, tracemark, v, jsonFile, quiet, verbose);
    }

    /**
     * The same options with another JSON output file.
     *
     * @param v the file on the target, or {@code null} for no JSON output
     * @return a copy with {@code jsonFile} replaced
     */
    public CyclictestOptions withJsonFile(String v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity,
                histogramUs, mlock, policy, breaktraceUs, tracemark, distanceUs, v, quiet, verbose);
    }

    /**
     * The same options with or without quiet output.
     *
     * @param v whether only the final summary is printed ({@code -q})
     * @return a copy with {@code quiet} replaced
     */
    public CyclictestOptions withQuiet(boolean v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity,
                histogramUs, mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, v, verbose);
    }

    /**
     * The same options with or without per-sample output.
     *
     * @param v whether every sample is printed ({@code -v})
     * @return a copy with {@code verbose} replaced
     */
    public CyclictestOptions withVerbose(boolean v) {
        return new CyclictestOptions(executable, intervalUs, priority, loops, durationSeconds, threads, affinity,
                histogramUs, mlock, policy, breaktraceUs, tracemark, distanceUs, jsonFile, quiet, v);
    }
}
