package io.kvm4nfv.junit;

import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.MigrationNotPossibleException;
import io.kvm4nfv.probe.migration.MeasuredMigration;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.publish.MigrationReport;
import io.kvm4nfv.publish.measure.KvmfornfvMeasurements;
import io.kvm4nfv.publish.measure.MigrationMeasurements;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.MigrationVerdict;
import io.kvm4nfv.result.PingPongResult;
import io.kvm4nfv.result.Violation;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The extension behind {@link LiveMigration} (registered by {@link Kvm4nfvTest}, acting only on
 * methods carrying the annotation): right before the test body it migrates the provisioned
 * guest with {@link MeasuredMigration}, records the {@link MigrationMeasurement} (results file,
 * summary line, report entry) and attaches the timeline chart and the final
 * {@code query-migrate} JSON, injects {@link MigrationResult} (the last leg),
 * {@link PingPongResult} (every leg) and {@link MigrationMeasurement}, and after the body judges
 * the SLA with {@link MigrationVerdict}, listing every violated bound.
 */
public final class LiveMigrationExtension implements BeforeTestExecutionCallback, InvocationInterceptor,
        ParameterResolver {

    /** The measurement name of live migration results (their InfluxDB points' too). */
    static final String MEASUREMENT = KvmfornfvMeasurements.LIVE_MIGRATION.name();

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LiveMigrationExtension.class);
    private static final Set<Class<?>> INJECTABLE = Set.of(MigrationResult.class, PingPongResult.class,
            MigrationMeasurement.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<LiveMigration> annotation = annotation(context);
        if (annotation.isEmpty()) {
            return;
        }
        TestPlan plan = LabSupport.plan(context);
        MigrationOptions options = LiveMigrationOptions.of(annotation.get(), plan.pod());
        Lab lab = LabSupport.lab(context, plan.pod());
        AllureJournal journal = LabSupport.journal();
        Environment environment = LabSupport.environment(context, lab, plan, journal);
        Guest guest = environment.guest().orElseThrow();
        String title = String.format(Locale.ROOT, "live migration of %s (%s, max-bandwidth %s, downtime-limit %s%s)",
                guest.name(), options.workload().kind(), options.maxBandwidthBytesPerSecond() == null ? "default"
                        : options.maxBandwidthBytesPerSecond() + " B/s", options.downtimeLimitMs() == null ? "default"
                        : options.downtimeLimitMs() + " ms", options.pingPongRoundTrips() == 0 ? ""
                        : ", " + options.pingPongRoundTrips() + " round trips")
                + (options.toHost() == null ? "" : " from " + guest.hostName() + " to " + options.toHost());
        MigrationMeasurement m;
        try {
            m = journal.step(title, () -> MeasuredMigration.run(lab, guest.name(), options, journal::note));
        } catch (MigrationNotPossibleException e) {
            throw new ExtensionConfigurationException("@LiveMigration(to = \"" + options.toHost() + "\"): "
                    + e.getMessage(), e);
        }
        // judged now (a pure function of the figures), recorded with that criteria, thrown after the body
        MigrationVerdict verdict = m.verdict(options.sla());
        LabSupport.record(context, "migration", MEASUREMENT, m, new MigrationMeasurements(options.sla()),
                MigrationReport.oneLine(m) + "  SLA " + options.sla().describe(), verdict.violations());
        MigrationReport.attach(journal, m);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(MigrationMeasurement.class, m);
        store.put(MigrationOptions.class, options);
        store.put(MigrationVerdict.class, verdict);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        LabSupport.bodyThenVerdict(invocation, () -> {
            ExtensionContext.Store store = context.getStore(NAMESPACE);
            MigrationMeasurement m = store.get(MigrationMeasurement.class, MigrationMeasurement.class);
            MigrationOptions options = store.get(MigrationOptions.class, MigrationOptions.class);
            MigrationVerdict verdict = store.get(MigrationVerdict.class, MigrationVerdict.class);
            if (m != null) {
                LabSupport.slaVerdict(context, verdict.passed() ? 0 : verdict.violations().size(),
                        verdictMessage(m, options, verdict));
            }
        });
    }

    static String verdictMessage(MigrationMeasurement m, MigrationOptions options, MigrationVerdict verdict) {
        String sla = options.sla().describe();
        if (verdict.passed()) {
            return "SLA met: live migration of " + m.guest() + " within " + sla + " (" + MigrationReport.oneLine(m) + ")";
        }
        return "SLA violated: live migration of " + m.guest() + " violates " + verdict.violations().size()
                + " bound(s) of " + sla + ":\n" + verdict.violations().stream().map(Violation::describe)
                .map(s -> "  - " + s).collect(Collectors.joining("\n"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTABLE.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        MigrationMeasurement m = context.getStore(NAMESPACE).get(MigrationMeasurement.class, MigrationMeasurement.class);
        if (m == null) {
            throw new ParameterResolutionException("a " + type.getSimpleName() + " parameter needs @LiveMigration on "
                    + context.getRequiredTestMethod().getName());
        }
        if (type == MigrationResult.class) {
            return m.last();
        }
        if (type == PingPongResult.class) {
            return m.pingPong();
        }
        return m;
    }

    private static Optional<LiveMigration> annotation(ExtensionContext context) {
        return context.getTestMethod().flatMap(method -> AnnotationSupport.findAnnotation(method, LiveMigration.class));
    }
}
