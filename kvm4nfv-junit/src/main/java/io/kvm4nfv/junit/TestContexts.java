package io.kvm4nfv.junit;

import io.kvm4nfv.publish.AllureJournal;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.annotation.Annotation;
import java.util.Optional;

/**
 * Where every KVM4NFV extension keeps its state (one {@link ExtensionContext.Namespace}) and
 * how it finds the test's {@link TestPlan}, the test class's context and its report journal.
 */
final class TestContexts {

    /** The namespace of the labs, environments, plans and results of every KVM4NFV extension. */
    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Kvm4nfvExtension.class);
    private static final Logger LOG = LoggerFactory.getLogger(Kvm4nfvExtension.class);

    private TestContexts() {
    }

    /** A journal that reports to Allure and to the log. */
    static AllureJournal journal() {
        return new AllureJournal(LOG::info);
    }

    /** The test's plan, read from its annotations by {@link Kvm4nfvExtension#beforeEach}. */
    static TestPlan plan(ExtensionContext context) {
        TestPlan plan = context.getStore(NAMESPACE).get(TestPlan.class, TestPlan.class);
        if (plan == null) {
            throw new ExtensionConfigurationException("no test plan: is the class annotated with @Kvm4nfvTest?");
        }
        return plan;
    }

    /**
     * The context of the test class around {@code context} (a test, or an invocation of a
     * parameterized test): its store lives as long as the class's tests run.
     */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** Whether the test method takes a parameter of one of {@code types}. */
    static boolean injects(ExtensionContext context, Class<?>... types) {
        for (Class<?> p : context.getRequiredTestMethod().getParameterTypes()) {
            for (Class<?> t : types) {
                if (p == t) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The test's name for measurement names and files: {@code Class.method}. */
    static String testName(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    }

    /**
     * The annotation on the test method, else on its class (or a superclass): how the evidence
     * extensions ({@link FtraceExtension}, {@link MemoryBandwidthExtension}, {@link TuningCheckExtension},
     * {@link ScenarioExtension}) find theirs. They run before {@link Kvm4nfvExtension}'s measurement
     * and provision the environment themselves ({@link LabStore#environment} is shared and idempotent).
     */
    static <A extends Annotation> Optional<A> annotation(ExtensionContext context, Class<A> type) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), type)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), type));
    }
}
