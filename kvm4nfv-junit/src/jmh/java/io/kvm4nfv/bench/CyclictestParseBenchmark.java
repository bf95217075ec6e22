package io.kvm4nfv.bench;

import io.kvm4nfv.probe.cyclictest.CyclictestOutputParser;
import io.kvm4nfv.result.CyclictestResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Summarising a big cyclictest output (min/avg/max per thread): the streaming Java parser
 * reading the file line by line versus {@code awk} on the same file, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class CyclictestParseBenchmark {

    /** awk summary of {@code -v} lines: thread samples min avg max. */
    static final String AWK_VERBOSE = "NF==3 && $1 ~ /^ *[0-9]+$/ {t=$1+0; v=$3+0; n[t]++; s[t]+=v;"
            + " if (!(t in mn) || v<mn[t]) mn[t]=v; if (v>mx[t]) mx[t]=v}"
            + " END {for (t in n) printf \"%d %d %d %.4f %d\\n\", t, n[t], mn[t], s[t]/n[t], mx[t]}";
    /** awk summary of a histogram: per column in-range samples, first/last non-zero bucket, mean. */
    static final String AWK_HISTOGRAM = "/^[0-9]/ {b=$1+0; for (i=2;i<=NF;i++) {c=$i+0; t=i-2; n[t]+=c; s[t]+=c*b;"
            + " if (c>0) {if (!(t in mn)) mn[t]=b; mx[t]=b}}}"
            + " END {for (t in n) printf \"%d %d %d %.4f %d\\n\", t, n[t], mn[t], s[t]/n[t], mx[t]}";

    Path verbose;
    Path histogram;

    @Setup
    public void files() {
        verbose = BenchData.verbose(BenchData.SAMPLES);
        histogram = BenchData.histogram(BenchData.SAMPLES);
    }

    static CyclictestResult parse(Path file) throws IOException {
        CyclictestOutputParser parser = new CyclictestOutputParser();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                parser.accept(line);
            }
        }
        return parser.result("bench", List.of(), 0);
    }

    static String awk(String program, Path file) throws IOException, InterruptedException {
        List<String> argv = AWK_VERBOSE.equals(program) ? List.of("awk", "-F:", program, file.toString())
                : List.of("awk", program, file.toString());
        Process p = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("awk failed");
        }
        return out;
    }

    @Benchmark
    public CyclictestResult verboseJava() throws IOException {
        return parse(verbose);
    }

    @Benchmark
    public String verboseAwk() throws Exception {
        return awk(AWK_VERBOSE, verbose);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 2)
    public CyclictestResult histogramJava() throws IOException {
        return parse(histogram);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 2)
    public String histogramAwk() throws Exception {
        return awk(AWK_HISTOGRAM, histogram);
    }
}
