package io.kvm4nfv.junit;

import io.kvm4nfv.lab.Guest;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.MigrationNotPossibleException;
import io.kvm4nfv.orchestration.MigrationProbe;
import io.kvm4nfv.orchestration.Outcome;
import io.kvm4nfv.probe.migration.MigrationOptions;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.result.MigrationMeasurement;
import io.kvm4nfv.result.MigrationResult;
import io.kvm4nfv.result.PingPongResult;
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

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

/**
 * The extension behind {@link LiveMigration} (registered by {@link Kvm4nfvTest}, acting only on
 * methods carrying the annotation): right before the test body it migrates the provisioned
 * guest through the one probe lifecycle ({@link MigrationProbe} run by
 * {@link io.kvm4nfv.orchestration.ProbeRunner}: measured, judged, recorded, charted), injects
 * {@link MigrationResult} (the last leg), {@link PingPongResult} (every leg) and
 * {@link MigrationMeasurement}, and after the body gives the SLA verdict, listing every violated bound.
 */
public final class LiveMigrationExtension implements BeforeTestExecutionCallback, InvocationInterceptor,
        ParameterResolver {

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
        TestPlan plan = TestContexts.plan(context);
        MigrationOptions options = LiveMigrationOptions.of(annotation.get(), plan.pod());
        Lab lab = LabStore.lab(context, plan.pod());
        AllureJournal journal = TestContexts.journal();
        Environment environment = LabStore.environment(context, lab, plan, journal);
        Guest guest = environment.guest().orElseThrow();
        // judged at once (a pure function of the figures), recorded with that criteria, thrown after the body
        Outcome<MigrationMeasurement> outcome;
        try {
            outcome = ResultRecording.configurationError(() -> ResultRecording.probeRunner(context, journal)
                    .run(new MigrationProbe(lab, guest.name(), options)));
        } catch (MigrationNotPossibleException e) {
            throw new ExtensionConfigurationException("@LiveMigration(to = \"" + options.toHost() + "\"): "
                    + e.getMessage(), e);
        }
        context.getStore(NAMESPACE).put(Outcome.class, outcome);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        SlaVerdicts.bodyThenVerdict(invocation, () -> {
            Outcome<?> outcome = context.getStore(NAMESPACE).get(Outcome.class, Outcome.class);
            if (outcome != null) {
                SlaVerdicts.judge(outcome);
            }
        });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTABLE.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        Outcome<?> outcome = context.getStore(NAMESPACE).get(Outcome.class, Outcome.class);
        if (outcome == null) {
            throw new ParameterResolutionException("a " + type.getSimpleName() + " parameter needs @LiveMigration on "
                    + context.getRequiredTestMethod().getName());
        }
        MigrationMeasurement m = (MigrationMeasurement) outcome.result();
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
