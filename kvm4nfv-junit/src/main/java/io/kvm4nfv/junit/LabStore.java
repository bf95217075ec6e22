package io.kvm4nfv.junit;

import io.kvm4nfv.config.PodConfig;
import io.kvm4nfv.lab.Lab;
import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.lab.LabUnavailableException;
import io.kvm4nfv.lab.Labs;
import io.kvm4nfv.publish.AllureJournal;
import io.kvm4nfv.setup.Environment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The labs and environments of a run, kept in the root {@link ExtensionContext.Store}: one lab
 * per pod, opened when a test first needs it (unreachable: the test is aborted, not failed) and
 * closed at the end of the run; one environment per setup (host and guest sequences, guest),
 * provisioned once and shared by every test that asks for the same, closed before its lab.
 */
final class LabStore {

    private static final String DESCRIBED = "lab described in the report";
    private static final Logger LOG = LoggerFactory.getLogger(Kvm4nfvExtension.class);

    private LabStore() {
    }

    /** The pod's lab, opened now if this run has not yet. */
    static Lab lab(ExtensionContext context, PodConfig pod) {
        ResultRecording.publication(context, pod.name()); // first in the root store: closed (flushed) after the labs
        ExtensionContext.Store root = context.getRoot().getStore(TestContexts.NAMESPACE);
        LabResource<Lab> resource = LabResource.lab(root.getOrComputeIfAbsent("lab:" + pod.name(),
                k -> {
                    LOG.info("opening lab of pod {} ({}, {})", pod.name(), pod.kind(), pod.source());
                    return LabResource.of(() -> Labs.open(pod));
                }, LabResource.class));
        try {
            return resource.get();
        } catch (LabUnavailableException e) {
            Assumptions.abort("pod " + pod.name() + " is not available: " + e.getMessage());
            throw e;
        }
    }

    /** The pod's lab if this run has opened it (recording never opens a lab). */
    static Optional<Lab> openLab(ExtensionContext context, PodConfig pod) {
        Object resource = context.getRoot().getStore(TestContexts.NAMESPACE).get("lab:" + pod.name());
        return resource == null ? Optional.empty() : Optional.of(LabResource.lab(resource).get());
    }

    /** The test's environment (its setup sequences run now if no test of the run asked for the same). */
    static Environment environment(ExtensionContext context, Lab lab, TestPlan plan, AllureJournal journal) {
        String key = "environment:" + plan.pod().name() + ":" + plan.hostSetup().names() + ":"
                + plan.guestSetup().names() + ":" + plan.guestName();
        ExtensionContext.Store root = context.getRoot().getStore(TestContexts.NAMESPACE);
        LabResource<Environment> resource = LabResource.environment(root.getOrComputeIfAbsent(key, k -> {
            LOG.info("provisioning environment host {} guest {} on pod {}", plan.hostSetup().names(),
                    plan.guestSetup().names(), plan.pod().name());
            return LabResource.of(() -> Environment.provision(lab, plan.hostSetup(), plan.guestSetup(),
                    plan.guestName(), SetupRunners.runner(plan, "host", journal),
                    SetupRunners.runner(plan, "guest", journal)));
        }, LabResource.class));
        try {
            return resource.get();
        } catch (LabUnavailableException e) {
            Assumptions.abort("pod " + plan.pod().name() + " is not available: " + e.getMessage());
            throw e;
        }
    }

    /** The test's environment, provisioned now if nobody did yet (for extensions that run before the probe). */
    static Environment environment(ExtensionContext context, AllureJournal journal) {
        TestPlan plan = TestContexts.plan(context);
        return environment(context, lab(context, plan.pod()), plan, journal);
    }

    /** Describes the lab in the test's report once (kernel labels, the pod and the lab's facts). */
    static void describe(ExtensionContext context, AllureJournal journal, Lab lab) {
        // several extensions of one test may reach the lab: the report describes it once
        if (context.getStore(TestContexts.NAMESPACE).getOrDefault(DESCRIBED, Boolean.class, false)) {
            return;
        }
        context.getStore(TestContexts.NAMESPACE).put(DESCRIBED, true);
        LabInfo info = lab.info();
        info.facts().forEach((k, v) -> {
            if (k.endsWith(".kernel")) {
                journal.label(k, v);
            }
        });
        journal.attachText("pod " + lab.pod().name(), lab.pod().describe() + "\n\n" + info.facts().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
    }
}
