package io.kvm4nfv.junit;

import io.kvm4nfv.node.Node;
import io.kvm4nfv.probe.membw.MemoryBandwidthResult;
import io.kvm4nfv.probe.membw.MemoryBandwidthSample;
import io.kvm4nfv.probe.membw.PcmMemoryOptions;
import io.kvm4nfv.probe.membw.PcmMemoryRun;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.SvgChart;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The extension behind {@link MemoryBandwidth}. Registered in {@link Kvm4nfvTest} before
 * {@link Kvm4nfvExtension} (like {@link FtraceExtension}) so that pcm-memory samples from before
 * the stress loads and cyclictest start until after the test body. The run is an
 * {@link AutoCloseable} in the test's store, so pcm-memory is stopped on every path.
 */
public final class MemoryBandwidthExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MemoryBandwidthExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<MemoryBandwidth> annotation = TestContexts.annotation(context, MemoryBandwidth.class);
        if (annotation.isEmpty()) {
            return;
        }
        TestPlan plan = TestContexts.plan(context);
        PcmMemoryOptions options = options(annotation.get());
        AllureJournal journal = TestContexts.journal();
        Environment environment = LabStore.environment(context, journal);
        Node host = environment.host();
        String testName = testName(context, plan);
        PcmMemoryRun run = journal.step("start pcm-memory on " + host.name() + " every " + options.intervalSeconds()
                + " s", () -> PcmMemoryRun.start(host, options, testName));
        context.getStore(NAMESPACE).put(PcmMemoryRun.class, run);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        PcmMemoryRun run = context.getStore(NAMESPACE).get(PcmMemoryRun.class, PcmMemoryRun.class);
        if (run == null) {
            return;
        }
        AllureJournal journal = TestContexts.journal();
        MemoryBandwidthResult result = journal.step("stop " + run, run::stop);
        context.getStore(NAMESPACE).put(MemoryBandwidthResult.class, result);
        ResultRecording.recordUnjudged(context, "membw", result.measurement(), result, result.summary());
        if (result.available()) {
            journal.attach("memory bandwidth on " + result.node(), "image/svg+xml", "svg",
                    chart(result).getBytes(StandardCharsets.UTF_8));
        } else {
            journal.attachText("memory bandwidth unavailable on " + result.node(), result.unavailableReason());
        }
        MemoryBandwidth annotation = TestContexts.annotation(context, MemoryBandwidth.class).orElseThrow();
        if (annotation.required() && !result.available()) {
            throw new AssertionFailedError("@MemoryBandwidth(required = true): no memory bandwidth on "
                    + result.node() + ": " + result.unavailableReason());
        }
    }

    /**
     * Cyclictest tests are named like their cyclictest measurement plus {@code _MBW}
     * ({@code kvmfornfv_cyclictest_cpustress_idle} → {@code kvmfornfv_cyclictest_cpustress_idle_MBW}),
     * other tests by class and method.
     */
    static String testName(ExtensionContext context, TestPlan plan) {
        return plan.cyclictest().isPresent() ? "cyclictest " + plan.testType().slug()
                : TestContexts.testName(context);
    }

    /** The options of an annotation; misuse names the attribute. */
    static PcmMemoryOptions options(MemoryBandwidth annotation) {
        try {
            return PcmMemoryOptions.defaults().withIntervalSeconds(annotation.interval())
                    .withBinary(annotation.binary());
        } catch (IllegalArgumentException e) {
            String attribute = annotation.binary().isBlank() ? "binary = \"" + annotation.binary() + "\""
                    : "interval = " + annotation.interval();
            throw new ExtensionConfigurationException("@MemoryBandwidth(" + attribute + "): " + e.getMessage(), e);
        }
    }

    /** System read and write bandwidth over time. */
    static String chart(MemoryBandwidthResult result) {
        List<MemoryBandwidthSample> samples = result.samples();
        double[] x = new double[samples.size()];
        double[] read = new double[samples.size()];
        double[] write = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            x[i] = i * result.intervalSeconds();
            read[i] = samples.get(i).systemReadMBps();
            write[i] = samples.get(i).systemWriteMBps();
        }
        return SvgChart.lines(result.measurement() + " on " + result.node(), "seconds", "MB/s",
                List.of(new SvgChart.Series("read", x, read), new SvgChart.Series("write", x, write)), List.of());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MemoryBandwidthResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        MemoryBandwidthResult result = context.getStore(NAMESPACE).get(MemoryBandwidthResult.class,
                MemoryBandwidthResult.class);
        if (result == null) {
            throw new ParameterResolutionException("a MemoryBandwidthResult needs @MemoryBandwidth; it is measured"
                    + " until after the test body: inject it into an @AfterEach method, not the test method ("
                    + context.getRequiredTestMethod().getName() + ")");
        }
        return result;
    }
}
