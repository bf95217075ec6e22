package io.kvm4nfv.junit;

import io.kvm4nfv.config.CpuSet;
import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.load.StressTarget;
import io.kvm4nfv.node.Node;
import io.kvm4nfv.node.NodeException;
import io.kvm4nfv.probe.trace.BreaktraceTrace;
import io.kvm4nfv.probe.trace.FtraceOptions;
import io.kvm4nfv.probe.trace.FtraceSession;
import io.kvm4nfv.probe.trace.TraceCapture;
import io.kvm4nfv.probe.trace.TraceRegion;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.result.CyclictestResult;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The extension behind {@link Ftrace}. Registered in {@link Kvm4nfvTest} <em>before</em>
 * {@link Kvm4nfvExtension}: JUnit calls before-test-execution callbacks in registration order
 * and after-test-execution callbacks in reverse, so tracing is on before the stress loads and
 * cyclictest start (in {@link Kvm4nfvExtension#beforeTestExecution}) and is collected after the
 * test body and its SLA verdict. It provisions the environment itself for that
 * ({@link LabStore#environment} is shared and idempotent). The session is also an
 * {@link AutoCloseable} in the test's store, so the node is restored even when collecting never
 * happens.
 */
public final class FtraceExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FtraceExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<Ftrace> annotation = TestContexts.annotation(context, Ftrace.class);
        if (annotation.isEmpty()) {
            return;
        }
        TestPlan plan = TestContexts.plan(context);
        FtraceOptions options = options(annotation.get(), plan.pod().timeouts().command());
        AllureJournal journal = TestContexts.journal();
        Environment environment = LabStore.environment(context, journal);
        Node node = node(annotation.get(), environment, plan);
        FtraceSession session = journal.step("ftrace on " + node.name() + ": tracer " + options.tracer()
                + (options.events().isEmpty() ? "" : ", events " + String.join(",", options.events())), () -> {
            FtraceSession s = FtraceSession.open(node, options).undoWith(environment.lab().resources(node.name()));
            context.getStore(NAMESPACE).put(FtraceSession.class, s);
            s.enable();
            return s;
        });
        if (!session.available()) {
            String reason = session.unavailableReason().orElseThrow();
            journal.attachText("ftrace unavailable on " + node.name(), reason);
            context.publishReportEntry("ftrace", "unavailable on " + node.name() + ": " + reason);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        FtraceSession session = store.get(FtraceSession.class, FtraceSession.class);
        if (session == null) {
            return;
        }
        AllureJournal journal = TestContexts.journal();
        TraceCapture capture;
        NodeException restoreFailure = null;
        try {
            capture = session.stopAndCollect();
        } catch (NodeException e) {
            // collected, but the node could not be restored: report the trace, then fail
            restoreFailure = e;
            capture = session.stopAndCollect();
        }
        store.put(TraceCapture.class, capture);
        boolean failed = context.getExecutionException().isPresent();
        context.publishReportEntry("ftrace", capture.summary());
        journal.note(capture.summary());
        if (!capture.available()) {
            journal.attachText("ftrace unavailable on " + capture.node(), capture.unavailableReason());
        } else if (session.options().attach().shouldAttach(failed)) {
            journal.attach("ftrace " + capture.tracer() + " on " + capture.node()
                            + (capture.truncated() ? " (trimmed, " + capture.totalBytes() + " bytes on the node)" : ""),
                    "text/plain", "txt", capture.text().getBytes(StandardCharsets.UTF_8));
        }
        CyclictestResult result = context.getStore(TestContexts.NAMESPACE).get(CyclictestResult.class,
                CyclictestResult.class);
        if (result != null && result.breaktraceHit().isPresent()) {
            Optional<TraceRegion> region = BreaktraceTrace.around(result, capture);
            if (region.isPresent()) {
                store.put(TraceRegion.class, region.get());
                TraceRegion r = region.get();
                String title = "breaktrace region: " + r.latencyUs() + " us > " + r.thresholdUs() + " us"
                        + (r.cpu() >= 0 ? " on CPU " + r.cpu() : "");
                journal.attachText(title, r.text());
                context.publishReportEntry("breaktrace", title + " (" + r.lines().size() + " lines)");
            } else {
                String why = "breaktrace fired (" + result.breaktraceHit().get().valueUs() + " us) but "
                        + (capture.available() ? "the trace has no cyclictest marker" : "there is no trace: "
                        + capture.unavailableReason());
                journal.note(why);
                context.publishReportEntry("breaktrace", why);
            }
        }
        if (restoreFailure != null) {
            throw restoreFailure;
        }
    }

    /** The node to trace: the plan's guest (default) or its host. */
    private static Node node(Ftrace ftrace, Environment environment, TestPlan plan) {
        if (ftrace.on() == StressTarget.HOST) {
            return environment.host();
        }
        return environment.guest().map(Guest::node).orElseThrow(() -> new ExtensionConfigurationException(
                "@Ftrace(on = GUEST) needs a guest but pod " + plan.pod().name() + " has none; use on = HOST"));
    }

    /** The options of an annotation; misuse names the attribute. */
    static FtraceOptions options(Ftrace ftrace, Duration commandTimeout) {
        CpuSet cpus;
        try {
            cpus = ftrace.cpus().isBlank() ? CpuSet.EMPTY : CpuSet.parse(ftrace.cpus().strip());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@Ftrace(cpus = \"" + ftrace.cpus() + "\"): " + e.getMessage(), e);
        }
        if (ftrace.bufferSizeKb() < 0) {
            throw new ExtensionConfigurationException("@Ftrace(bufferSizeKb = " + ftrace.bufferSizeKb()
                    + ") must be > 0 (or 0 to leave the buffer size as it is)");
        }
        String attribute = "tracer = \"" + ftrace.tracer() + "\"";
        try {
            FtraceOptions o = FtraceOptions.defaults().withTracer(ftrace.tracer());
            attribute = "events = " + List.of(ftrace.events());
            o = o.withEvents(List.of(ftrace.events()));
            attribute = "maxCollectedBytes = " + ftrace.maxCollectedBytes();
            o = o.withMaxCollectedBytes(ftrace.maxCollectedBytes());
            return o.withCpus(cpus).withBufferSizeKb(ftrace.bufferSizeKb() == 0 ? null : ftrace.bufferSizeKb())
                    .withAttach(ftrace.attach()).withCommandTimeout(commandTimeout);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@Ftrace(" + attribute + "): " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TraceCapture.class || type == TraceRegion.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        Object value = context.getStore(NAMESPACE).get(type, type);
        if (value == null) {
            String what = type == TraceRegion.class
                    ? "a TraceRegion exists only when @Cyclictest(breaktraceUs) fired under @Ftrace and the trace has"
                    + " cyclictest's marker"
                    : "a TraceCapture needs @Ftrace";
            throw new ParameterResolutionException(what + "; it is collected after the test body: inject it into an"
                    + " @AfterEach method, not the test method (" + context.getRequiredTestMethod().getName() + ")");
        }
        return value;
    }
}
