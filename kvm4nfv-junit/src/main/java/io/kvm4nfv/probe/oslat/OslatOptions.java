package io.kvm4nfv.probe.oslat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An oslat run, as an immutable record that produces an rt-tests 2.x command line
 * ({@link #commandLine()}). Options that are "not set" (oslat's default) are {@code null}, 0,
 * or -1 for the main thread's CPU (0 is a CPU).
 *
 * <p>{@link #defaults()} is {@code oslat -D 60 -q}: every CPU, 32 buckets of 1 µs, no
 * workload, default scheduling, the main thread on CPU 0.
 *
 * @param executable       the oslat binary (name or path)
 * @param cpuList          CPUs to run a measurement thread on ({@code -c}), e.g. {@code 1,3-5}; {@code null} = all
 * @param mainThreadCpu    CPU of oslat's main thread ({@code -C}); -1 = oslat's default (CPU 0)
 * @param durationSeconds  measured run time in seconds ({@code -D}), &gt;= 1; oslat pre-heats 1 s before it
 * @param bucketSize       number of 1 µs buckets ({@code -b}), {@value #MIN_BUCKETS}..{@value #MAX_BUCKETS};
 *                         0 = oslat's default (32). oslat 2.40 refuses 4 although its help says 4-1024
 * @param bias             shift the buckets by the smallest latency of the pre-heat ({@code -B})
 * @param workload         what runs between two reads of the clock ({@code -w})
 * @param workloadMemBytes bytes the workload moves ({@code -m}); 0 = oslat's default (16 KiB); only with
 *                         {@link OslatWorkload#MEMMOVE}, at most {@value #MAX_WORKLOAD_MEM_BYTES}
 * @param rtPriority       SCHED_FIFO priority of the threads ({@code -f}), 1..99; 0 = default scheduling
 * @param traceThresholdUs stop the run and mark ftrace at the first latency of this many µs ({@code -T}); 0 = off
 * @param jsonFile         write the results as JSON to this file on the node ({@code --json=}); {@code null} = no
 * @param quiet            print only the final table ({@code -q})
 */
public record OslatOptions(String executable, String cpuList, int mainThreadCpu, long durationSeconds,
                           int bucketSize, boolean bias, OslatWorkload workload, long workloadMemBytes,
                           int rtPriority, int traceThresholdUs, String jsonFile, boolean quiet) {

    /** The fewest buckets oslat 2.40 accepts ({@code -b 4} is refused). */
    public static final int MIN_BUCKETS = 5;
    /** The most buckets oslat accepts. */
    public static final int MAX_BUCKETS = OslatLimits.MAX_BUCKETS;
    /** oslat's bucket count without {@code -b}. */
    public static final int DEFAULT_BUCKETS = 32;
    /** The largest workload memory offered: each thread holds two buffers of it. */
    public static final long MAX_WORKLOAD_MEM_BYTES = 1L << 30;
    /** The pre-heat oslat runs before the measured duration. */
    public static final Duration PREHEAT = Duration.ofSeconds(1);
    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    /**
     * Validates the options against oslat's rules.
     *
     * @param executable the oslat binary (name or path); not blank
     * @param cpuList CPU list such as {@code 1,3-5}, or {@code null} for every CPU
     * @param mainThreadCpu CPU of oslat's main thread, or -1 for oslat's default
     * @param durationSeconds measured run time in seconds, 1..{@link Integer#MAX_VALUE}
     * @param bucketSize number of 1 µs buckets, {@value #MIN_BUCKETS}..{@value #MAX_BUCKETS}, or 0 for oslat's default
     * @param bias whether the buckets are shifted by the pre-heat's smallest latency
     * @param workload what runs between two reads of the clock; not {@code null}
     * @param workloadMemBytes bytes the memmove workload moves, at most {@value #MAX_WORKLOAD_MEM_BYTES};
     *                         0 = oslat's default
     * @param rtPriority SCHED_FIFO priority of the threads, 1..99, or 0 for default scheduling
     * @param traceThresholdUs latency in microseconds that stops the run and marks ftrace; 0 = off
     * @param jsonFile the JSON output file on the node, or {@code null} for none
     * @param quiet whether only the final table is printed
     * @throws IllegalArgumentException when a value is out of range, or memory is given for a workload
     *                                  other than memmove
     * @throws NullPointerException if {@code workload} is {@code null}
     */
    public OslatOptions {
        if (executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("executable must not be blank");
        }
        if (cpuList != null && !CPU_LIST.matcher(cpuList).matches()) {
            throw new IllegalArgumentException("cpuList must be a CPU list like 1,3-5: '" + cpuList + "'");
        }
        if (mainThreadCpu < -1) {
            throw new IllegalArgumentException("mainThreadCpu must be a CPU >= 0 (or -1 = oslat's default): "
                    + mainThreadCpu);
        }
        if (durationSeconds < 1 || durationSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("durationSeconds must be 1.." + Integer.MAX_VALUE + ": " + durationSeconds);
        }
        if (bucketSize != 0 && (bucketSize < MIN_BUCKETS || bucketSize > MAX_BUCKETS)) {
            throw new IllegalArgumentException("bucketSize must be " + MIN_BUCKETS + ".." + MAX_BUCKETS
                    + " (or 0 = oslat's default of " + DEFAULT_BUCKETS + "): " + bucketSize);
        }
        Objects.requireNonNull(workload, "workload must not be null");
        if (workloadMemBytes < 0 || workloadMemBytes > MAX_WORKLOAD_MEM_BYTES) {
            throw new IllegalArgumentException("workloadMemBytes must be 1.." + MAX_WORKLOAD_MEM_BYTES
                    + " (or 0 = oslat's default): " + workloadMemBytes);
        }
        if (workloadMemBytes > 0 && workload != OslatWorkload.MEMMOVE) {
            throw new IllegalArgumentException("workloadMemBytes needs workload " + OslatWorkload.MEMMOVE
                    + " (oslat ignores -m without a workload): " + workloadMemBytes);
        }
        if (rtPriority < 0 || rtPriority > 99) {
            throw new IllegalArgumentException("rtPriority must be 1..99 (or 0 = default scheduling): " + rtPriority);
        }
        if (traceThresholdUs < 0) {
            throw new IllegalArgumentException("traceThresholdUs must be >= 1 (or 0 = off): " + traceThresholdUs);
        }
        if (jsonFile != null && (jsonFile.isBlank() || jsonFile.indexOf('\n') >= 0 || jsonFile.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("jsonFile must be a file name, not blank or multi-line");
        }
    }

    /**
     * {@code oslat -D 60 -q}: every CPU, oslat's buckets, no workload, default scheduling.
     *
     * @return the default options: 60 s on every CPU
     */
    public static OslatOptions defaults() {
        return new OslatOptions("oslat", null, -1, 60, 0, false, OslatWorkload.NONE, 0, 0, 0, null, true);
    }

    /**
     * The run's planned length: the pre-heat plus the measured duration.
     *
     * @return the pre-heat second plus {@code durationSeconds}
     */
    public Duration plannedDuration() {
        return PREHEAT.plusSeconds(durationSeconds);
    }

    /**
     * The number of buckets the run has: {@code bucketSize}, or oslat's default.
     *
     * @return the number of 1 µs buckets, {@value #DEFAULT_BUCKETS} when not set
     */
    public int effectiveBucketSize() {
        return bucketSize == 0 ? DEFAULT_BUCKETS : bucketSize;
    }

    /**
     * The argv, for {@code io.kvm4nfv.node.Shell.command(list)}.
     *
     * @return the command line, the executable first
     */
    public List<String> commandLine() {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        if (cpuList != null) {
            argv.add("-c");
            argv.add(cpuList);
        }
        if (mainThreadCpu >= 0) {
            argv.add("-C");
            argv.add(Integer.toString(mainThreadCpu));
        }
        argv.add("-D");
        argv.add(Long.toString(durationSeconds));
        if (bucketSize > 0) {
            argv.add("-b");
            argv.add(Integer.toString(bucketSize));
        }
        if (bias) {
            argv.add("-B");
        }
        if (workload != OslatWorkload.NONE) {
            argv.add("-w");
            argv.add(workload.cliName());
        }
        if (workloadMemBytes > 0) {
            argv.add("-m");
            argv.add(memory(workloadMemBytes));
        }
        if (rtPriority > 0) {
            argv.add("-f");
            argv.add(Integer.toString(rtPriority));
        }
        if (traceThresholdUs > 0) {
            argv.add("-T");
            argv.add(Integer.toString(traceThresholdUs));
        }
        if (jsonFile != null) {
            argv.add("--json=" + jsonFile);
        }
        if (quiet) {
            argv.add("-q");
        }
        return List.copyOf(argv);
    }

    /** A size as oslat's {@code -m} reads it: a number with the largest exact unit G, M, K or B. */
    static String memory(long bytes) {
        String[] units = {"G", "M", "K"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return bytes + "B";
    }

    /**
     * The same options with another oslat binary.
     *
     * @param v the binary's name or path
     * @return a copy with {@code executable} replaced
     */
    public OslatOptions withExecutable(String v) {
        return new OslatOptions(v, cpuList, mainThreadCpu, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with other measurement CPUs.
     *
     * @param v a CPU list such as {@code 1,3-5}, or {@code null} for every CPU
     * @return a copy with {@code cpuList} replaced
     */
    public OslatOptions withCpuList(String v) {
        return new OslatOptions(executable, v, mainThreadCpu, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with the main thread on another CPU.
     *
     * @param v the CPU, or -1 for oslat's default
     * @return a copy with {@code mainThreadCpu} replaced
     */
    public OslatOptions withMainThreadCpu(int v) {
        return new OslatOptions(executable, cpuList, v, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with another measured run time.
     *
     * @param v the run time in seconds, &gt;= 1
     * @return a copy with {@code durationSeconds} replaced
     */
    public OslatOptions withDurationSeconds(long v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, v, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with another number of buckets.
     *
     * @param v the number of 1 µs buckets, {@value #MIN_BUCKETS}..{@value #MAX_BUCKETS}, or 0 for oslat's default
     * @return a copy with {@code bucketSize} replaced
     */
    public OslatOptions withBucketSize(int v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, v, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with or without the bias shift ({@code -B}).
     *
     * @param v whether the buckets are shifted by the pre-heat's smallest latency
     * @return a copy with {@code bias} replaced
     */
    public OslatOptions withBias(boolean v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, bucketSize, v, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * Sets the workload and its memory together (memory 0 = oslat's default; must be 0 for {@code NONE}).
     *
     * @param w the workload between two clock reads
     * @param memBytes bytes the memmove workload moves, 0 for oslat's default
     * @return a copy with {@code workload} and {@code workloadMemBytes} replaced
     */
    public OslatOptions withWorkload(OslatWorkload w, long memBytes) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, bucketSize, bias, w,
                memBytes, rtPriority, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with another thread priority.
     *
     * @param v the SCHED_FIFO priority, 1..99, or 0 for default scheduling
     * @return a copy with {@code rtPriority} replaced
     */
    public OslatOptions withRtPriority(int v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, v, traceThresholdUs, jsonFile, quiet);
    }

    /**
     * The same options with another trace threshold.
     *
     * @param v the latency in microseconds that stops the run and marks ftrace, or 0 for off
     * @return a copy with {@code traceThresholdUs} replaced
     */
    public OslatOptions withTraceThresholdUs(int v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, v, jsonFile, quiet);
    }

    /**
     * The same options with another JSON output file.
     *
     * @param v the file on the node, or {@code null} for no JSON output
     * @return a copy with {@code jsonFile} replaced
     */
    public OslatOptions withJsonFile(String v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, v, quiet);
    }

    /**
     * The same options with or without quiet output.
     *
     * @param v whether only the final table is printed ({@code -q})
     * @return a copy with {@code quiet} replaced
     */
    public OslatOptions withQuiet(boolean v) {
        return new OslatOptions(executable, cpuList, mainThreadCpu, durationSeconds, bucketSize, bias, workload,
                workloadMemBytes, rtPriority, traceThresholdUs, jsonFile, v);
    }
}
