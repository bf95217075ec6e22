package io.kvm4nfv.junit;

import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.Annotation;
import java.util.Optional;

/**
 * What the evidence extensions ({@link FtraceExtension}, {@link MemoryBandwidthExtension},
 * {@link TuningCheckExtension}, {@link ScenarioExtension}) share: their annotation (method first,
 * then class) and the test's environment. They run before {@link Kvm4nfvExtension}'s
 * measurement, so they provision the environment themselves: {@link LabSupport#environment} is
 * shared and idempotent, and {@link Kvm4nfvExtension} then reuses what they provisioned.
 */
final class EvidenceSupport {

    private EvidenceSupport() {
    }

    /** The annotation on the test method, else on its class (or a superclass). */
    static <A extends Annotation> Optional<A> find(ExtensionContext context, Class<A> type) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), type)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), type));
    }

    /** The test's environment (provisioned now if nobody did yet). */
    static Environment environment(ExtensionContext context, AllureJournal journal) {
        TestPlan plan = LabSupport.plan(context);
        Lab lab = LabSupport.lab(context, plan.pod());
        return LabSupport.environment(context, lab, plan, journal);
    }

    /** The test's name for measurement names and files: {@code Class.method}. */
    static String testName(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    }
}
