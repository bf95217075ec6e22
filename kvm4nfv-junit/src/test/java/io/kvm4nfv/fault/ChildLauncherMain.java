package io.kvm4nfv.fault;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs one test class in this (child) JVM through the JUnit {@link Launcher}, as a CI's
 * test JVM would, and prints the summary. The fault and security tests start it as a child
 * process to {@code kill -9} it mid-test, or to give it an environment of its own.
 *
 * <p>Arguments: the class name, then {@code key=value} configuration parameters. Exit code:
 * 0 when every test passed, 1 otherwise.
 */
public final class ChildLauncherMain {

    private ChildLauncherMain() {
    }

    public static void main(String[] args) throws Exception {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0])));
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            request.configurationParameter(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary);
        PrintWriter out = new PrintWriter(System.out, true);
        summary.getSummary().printTo(out);
        summary.getSummary().printFailuresTo(out, 20);
        out.println("CHILD-DONE");
        out.flush();
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
