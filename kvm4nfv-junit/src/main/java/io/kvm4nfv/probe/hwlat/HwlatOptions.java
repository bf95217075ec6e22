package io.kvm4nfv.probe.hwlat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code hwlatdetect} run (rt-tests), as an immutable record that produces its command line
 * ({@link #commandLine()}). Never {@code --quiet}: it suppresses the summary lines the result is
 * read from; never {@code --watch}: the samples are then listed after the summary, where
 * {@link HwlatReportParser} reads them.
 *
 * @param executable      the hwlatdetect script (name or path)
 * @param durationSeconds test length in seconds ({@code --duration=Ns}), &gt;= 1
 * @param thresholdUs     latency above which a sample is recorded, µs ({@code --threshold=}), &gt;= 1
 * @param windowUs        sampling period, µs ({@code --window=}), &gt; {@code widthUs}
 * @param widthUs         busy-measuring part of each window, µs ({@code --width=}), &gt;= 1
 * @param hardlimitUs     latency above which hwlatdetect exits with status 1 ({@code --hardlimit=}), µs;
 *                        {@code null} = the threshold (hwlatdetect's default)
 * @param cpuList         CPUs the hwlat thread moves across ({@code --cpu-list=}), e.g. {@code 0,2-3};
 *                        {@code null} = the kernel's {@code tracing_cpumask}
 */
public record HwlatOptions(String executable, long durationSeconds, long thresholdUs, long windowUs, long widthUs,
                           Long hardlimitUs, String cpuList) {

    /** hwlatdetect's (and the kernel's) default sampling window, µs. */
    public static final long DEFAULT_WINDOW_US = 1_000_000;
    /** hwlatdetect's (and the kernel's) default sample width, µs. */
    public static final long DEFAULT_WIDTH_US = 500_000;
    /** hwlatdetect's default threshold, µs. */
    public static final long DEFAULT_THRESHOLD_US = 10;

    private static final Pattern CPU_LIST = Pattern.compile("\\d{1,5}(-\\d{1,5})?(,\\d{1,5}(-\\d{1,5})?)*");

    /**
     * Validates the options against hwlatdetect's and the kernel's rules.
     *
     * @param executable the hwlatdetect script (name or path); not blank, one line
     * @param durationSeconds test length in seconds, &gt;= 1
     * @param thresholdUs latency in microseconds above which a sample is recorded, &gt;= 1
     * @param windowUs sampling period in microseconds, &gt; {@code widthUs}
     * @param widthUs busy-measuring part of each window in microseconds, &gt;= 1
     * @param hardlimitUs latency in microseconds above which hwlatdetect exits with status 1, &gt;= 1;
     *                    {@code null} = the threshold
     * @param cpuList CPU list such as {@code 0,2-3} with no reversed range, or {@code null} for the kernel's mask
     * @throws IllegalArgumentException when a value is out of range or the CPU list is malformed
     */
    public HwlatOptions {
        if (executable == null || executable.isBlank() || executable.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("executable must not be blank or multi-line");
        }
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("durationSeconds must be >= 1: " + durationSeconds);
        }
        if (thresholdUs < 1) {
            throw new IllegalArgumentException("thresholdUs must be >= 1: " + thresholdUs);
        }
        if (widthUs < 1) {
            throw new IllegalArgumentException("widthUs must be >= 1: " + widthUs);
        }
        if (windowUs <= widthUs) {
            throw new IllegalArgumentException("widthUs must be < windowUs (the kernel refuses it otherwise): widthUs="
                    + widthUs + ", windowUs=" + windowUs);
        }
        if (hardlimitUs != null && hardlimitUs < 1) {
            throw new IllegalArgumentException("hardlimitUs must be >= 1 (or null = the threshold): " + hardlimitUs);
        }
        if (cpuList != null) {
            if (!CPU_LIST.matcher(cpuList).matches()) {
                throw new IllegalArgumentException("cpuList must be a Linux CPU list like 0,2-3: '" + cpuList + "'");
            }
            for (String range : cpuList.split(",")) {
                String[] ends = range.split("-");
                if (ends.length == 2 && Integer.parseInt(ends[0]) > Integer.parseInt(ends[1])) {
                    throw new IllegalArgumentException("cpuList range " + range + " is reversed: '" + cpuList + "'");
                }
            }
        }
    }

    /**
     * {@code hwlatdetect --duration=Ns} with hwlatdetect's threshold, window and width.
     *
     * @param durationSeconds test length in seconds, &gt;= 1
     * @return the options with hwlatdetect's default threshold, window and width
     */
    public static HwlatOptions defaults(long durationSeconds) {
        return new HwlatOptions("hwlatdetect", durationSeconds, DEFAULT_THRESHOLD_US, DEFAULT_WINDOW_US,
                DEFAULT_WIDTH_US, null, null);
    }

    /**
     * The run's planned length: the duration (hwlatdetect's start and stop add about a second).
     *
     * @return {@code durationSeconds} as a duration
     */
    public Duration plannedDuration() {
        return Duration.ofSeconds(durationSeconds);
    }

    /**
     * The argv, for {@code io.kvm4nfv.node.Shell.command(list)}.
     *
     * @return the command line, the executable first
     */
    public List<String> commandLine() {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.add("--duration=" + durationSeconds + "s");
        argv.add("--threshold=" + thresholdUs + "us");
        argv.add("--window=" + windowUs + "us");
        argv.add("--width=" + widthUs + "us");
        if (hardlimitUs != null) {
            argv.add("--hardlimit=" + hardlimitUs + "us");
        }
        if (cpuList != null) {
            argv.add("--cpu-list=" + cpuList);
        }
        return List.copyOf(argv);
    }

    /**
     * The same options with another hwlatdetect script.
     *
     * @param v the script's name or path
     * @return a copy with {@code executable} replaced
     */
    public HwlatOptions withExecutable(String v) {
        return new HwlatOptions(v, durationSeconds, thresholdUs, windowUs, widthUs, hardlimitUs, cpuList);
    }

    /**
     * The same options with another test length.
     *
     * @param v the test length in seconds, &gt;= 1
     * @return a copy with {@code durationSeconds} replaced
     */
    public HwlatOptions withDurationSeconds(long v) {
        return new HwlatOptions(executable, v, thresholdUs, windowUs, widthUs, hardlimitUs, cpuList);
    }

    /**
     * The same options with another threshold.
     *
     * @param v the latency in microseconds above which a sample is recorded, &gt;= 1
     * @return a copy with {@code thresholdUs} replaced
     */
    public HwlatOptions withThresholdUs(long v) {
        return new HwlatOptions(executable, durationSeconds, v, windowUs, widthUs, hardlimitUs, cpuList);
    }

    /**
     * Sets window and width together (width &lt; window).
     *
     * @param window the sampling period in microseconds
     * @param width the busy-measuring part of each window in microseconds, less than {@code window}
     * @return a copy with {@code windowUs} and {@code widthUs} replaced
     */
    public HwlatOptions withWindowUs(long window, long width) {
        return new HwlatOptions(executable, durationSeconds, thresholdUs, window, width, hardlimitUs, cpuList);
    }

    /**
     * The same options with another hard limit.
     *
     * @param v the latency in microseconds above which hwlatdetect exits with status 1,
     *          or {@code null} for the threshold
     * @return a copy with {@code hardlimitUs} replaced
     */
    public HwlatOptions withHardlimitUs(Long v) {
        return new HwlatOptions(executable, durationSeconds, thresholdUs, windowUs, widthUs, v, cpuList);
    }

    /**
     * The same options with other CPUs for the hwlat thread.
     *
     * @param v a CPU list such as {@code 0,2-3}, or {@code null} for the kernel's {@code tracing_cpumask}
     * @return a copy with {@code cpuList} replaced
     */
    public HwlatOptions withCpuList(String v) {
        return new HwlatOptions(executable, durationSeconds, thresholdUs, windowUs, widthUs, hardlimitUs, v);
    }
}
