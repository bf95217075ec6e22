package io.kvm4nfv.fault;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs small {@code @Kvm4nfvTest} classes through JUnit's {@link EngineTestKit}, as a
 * user's build would, with the lab's base folder and the pod selection set for the run
 * (both are JVM system properties, restored afterwards), and reads their outcome.
 */
public final class Kit {

    private static final Object SYSTEM_PROPERTIES = new Object();

    private Kit() {
    }

    /** A run of {@code classes} with these system properties set (null value: cleared) and configuration parameters. */
    public static EngineExecutionResults run(Map<String, String> systemProperties, Map<String, String> parameters,
                                             Class<?>... classes) {
        return run(null, systemProperties, parameters, classes);
    }

    /**
     * As {@link #run(Map, Map, Class[])}, but bounded: a run that has not ended after {@code limit}
     * fails with a dump of every thread of this JVM (lock owners included), so that a hang costs
     * one test and says where it hangs, instead of stalling the build. The run that did not end
     * is left behind (a daemon thread; its labs are reaped when the JVM exits), and the system
     * properties are restored, so the tests after it run normally.
     *
     * @param limit how long the run may take; {@code null}: unbounded
     */
    public static EngineExecutionResults run(Duration limit, Map<String, String> systemProperties,
                                             Map<String, String> parameters, Class<?>... classes) {
        synchronized (SYSTEM_PROPERTIES) {
            Map<String, String> saved = new LinkedHashMap<>();
            systemProperties.forEach((k, v) -> {
                saved.put(k, System.getProperty(k));
                set(k, v);
            });
            try {
                var request = EngineTestKit.engine("junit-jupiter").configurationParameters(parameters);
                for (Class<?> c : classes) {
                    request = request.selectors(selectClass(c));
                }
                if (limit == null) {
                    return request.execute();
                }
                return bounded(request, limit, Arrays.stream(classes).map(Class::getSimpleName).toList());
            } finally {
                saved.forEach(Kit::set);
            }
        }
    }

    private static EngineExecutionResults bounded(EngineTestKit.Builder request, Duration limit, List<String> classes) {
        CompletableFuture<EngineExecutionResults> run = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                run.complete(request.execute());
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        }, "kit-run-" + String.join("-", classes));
        runner.setDaemon(true);
        runner.start();
        try {
            return run.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String dump = ThreadDump.ofAllThreads();
            System.err.println("run of " + classes + " did not end within " + limit + "; threads:\n" + dump);
            throw new AssertionError("run of " + classes + " did not end within " + limit + "; threads:\n" + dump);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run of " + classes, e);
        }
    }

    /**
     * A bounded run of {@code testClass} on pod {@code pod} of the config folder {@code configDir}, with
     * labs under {@code work/labs} and results written to {@code work/results}.
     */
    public static EngineExecutionResults runOnPod(Duration limit, Path work, Path configDir, String pod,
                                                  Class<?> testClass) {
        return run(limit, labProperties(work.resolve("labs"), "kvm4nfv.config.dir", configDir.toString(),
                "kvm4nfv.pod", pod), Map.of("kvm4nfv.publish.resultsDir", work.resolve("results").toString()),
                testClass);
    }

    /** System properties for a run: the lab base folder and TCG (no KVM boot probe) plus {@code more}. */
    public static Map<String, String> labProperties(Path labBase, String... more) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kvm4nfv.lab.dir", labBase.toString());
        props.put("kvm4nfv.lab.accel", "tcg");
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return props;
    }

    /** The throwable of every test that did not succeed (failed or aborted), with its status. */
    public static List<Outcome> problems(EngineExecutionResults results) {
        return results.testEvents().finished().stream()
                .map(e -> new Outcome(e.getTestDescriptor().getDisplayName(), e.getRequiredPayload(TestExecutionResult.class)))
                .filter(o -> o.result().getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                .toList();
    }

    /** One finished test that did not pass. */
    public record Outcome(String test, TestExecutionResult result) {
        public TestExecutionResult.Status status() {
            return result.getStatus();
        }

        public Throwable throwable() {
            return result.getThrowable().orElseThrow();
        }

        /** Message of the throwable and of its causes. */
        public String messages() {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = result.getThrowable().orElse(null); t != null; t = t.getCause()) {
                sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
            }
            return sb.toString();
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
