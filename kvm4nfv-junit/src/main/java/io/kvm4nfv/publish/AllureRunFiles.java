package io.kvm4nfv.publish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvm4nfv.lab.LabInfo;
import io.kvm4nfv.publish.measure.RunInfo;
import io.qameta.allure.util.PropertiesUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The run-wide files of the Allure results directory that Allure itself does not write:
 * {@code categories.json} (which failures are SLA violations, which are infrastructure
 * errors, which are product bugs) and {@code environment.properties} (the lab the run
 * measured: pod, kind, kernels, QEMU, accelerator, scenario). Both are rewritten atomically,
 * so the newest version wins; nothing secret goes into them.
 */
public final class AllureRunFiles {

    /**
     * One category of {@code categories.json}. Allure puts a failed or broken test into every
     * category whose regexes fully match (Java regex, {@link String#matches}); these are
     * written to be mutually exclusive.
     *
     * @param name            the category's title in the report
     * @param matchedStatuses the Allure statuses it applies to ({@code failed}, {@code broken}, {@code skipped},
     *                        {@code passed})
     * @param messageRegex    regex on the status message, or {@code null}
     * @param traceRegex      regex on the stack trace (which starts with {@code class: message}), or {@code null}
     */
    public record Category(String name, List<String> matchedStatuses, String messageRegex, String traceRegex) {

        /**
         * Copies the statuses.
         *
         * @param name            the category's title in the report
         * @param matchedStatuses the Allure statuses it applies to
         * @param messageRegex    regex on the status message, or {@code null}
         * @param traceRegex      regex on the stack trace, or {@code null}
         */
        public Category {
            matchedStatuses = List.copyOf(matchedStatuses);
        }

        /**
         * Whether Allure would put a result with this status, message and trace into this category.
         *
         * @param status  the Allure status, e.g. {@code failed}
         * @param message the status message, or {@code null}
         * @param trace   the stack trace, or {@code null}
         * @return {@code true} when the status is matched and each regex given matches its text fully;
         *         a {@code null} text matches no regex
         */
        public boolean matches(String status, String message, String trace) {
            return matchedStatuses.contains(status) && full(messageRegex, message) && full(traceRegex, trace);
        }

        private static boolean full(String regex, String text) {
            return regex == null || text != null && text.matches(regex);
        }
    }

    /** The message every SLA verdict starts with. */
    public static final String SLA_VIOLATED = "SLA violated";
    /** The message of a passed test whose SLA was violated under {@code sla.action: monitor}. */
    public static final String SLA_VIOLATED_MONITOR = "SLA violated (monitor)";

    /**
     * What marks an infrastructure error anywhere in the stack trace (also in a {@code Caused by}):
     * the node, lab and setup exceptions, sshj, an aborted test (pod not available), refused connections.
     */
    static final String INFRASTRUCTURE = "io\\.kvm4nfv\\.(?:node|lab|setup)\\.\\w*Exception"
            + "|net\\.schmizz\\.|com\\.hierynomus\\.|org\\.opentest4j\\.TestAbortedException"
            + "|java\\.net\\.(?:Connect|NoRouteToHost|SocketTimeout|UnknownHost)Exception"
            + "|io\\.kvm4nfv\\.publish\\.DispatchFailedException|is not available|setup step";

    private static final String SLA_TRACE = "(?!org\\.opentest4j\\.AssertionFailedError: " + SLA_VIOLATED + ")";

    /**
     * SLA violations that only monitor (passed tests), SLA violations, infrastructure errors,
     * product bugs — in this order.
     */
    public static final List<Category> CATEGORIES = List.of(
            new Category("SLA violated (monitor)", List.of("passed"), "(?s)" + Pattern.quote(SLA_VIOLATED_MONITOR)
                    + ".*", null),
            new Category("SLA violations", List.of("failed"), "(?s)" + Pattern.quote(SLA_VIOLATED) + ".*", null),
            new Category("Infrastructure errors", List.of("failed", "broken", "skipped"), null,
                    "(?s)" + SLA_TRACE + ".*(?:" + INFRASTRUCTURE + ").*"),
            new Category("Product bugs", List.of("failed", "broken"), null,
                    "(?s)" + SLA_TRACE + "(?!.*(?:" + INFRASTRUCTURE + ")).*"));

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "private",
            "credential", "key");

    private AllureRunFiles() {
    }

    /**
     * Allure's results directory as its Java integration sees it: {@code allure.results.directory}
     * from system properties or {@code allure.properties} on the class path, else {@code allure-results}.
     *
     * @return the directory, relative to the working directory unless configured absolute
     */
    public static Path resultsDirectory() {
        return Path.of(PropertiesUtils.loadAllureProperties().getProperty("allure.results.directory", "allure-results"));
    }

    /**
     * Writes {@link #CATEGORIES} to {@code categories.json} in {@code dir}.
     *
     * @param dir Allure's results directory; created when missing
     * @return the written file
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Path writeCategories(Path dir) {
        ArrayNode array = ResultsFile.JSON.createArrayNode();
        for (Category c : CATEGORIES) {
            ObjectNode o = array.addObject();
            o.put("name", c.name());
            ArrayNode statuses = o.putArray("matchedStatuses");
            c.matchedStatuses().forEach(statuses::add);
            if (c.messageRegex() != null) {
                o.put("messageRegex", c.messageRegex());
            }
            if (c.traceRegex() != null) {
                o.put("traceRegex", c.traceRegex());
            }
        }
        Path file = dir.resolve("categories.json");
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file, ResultsFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * What {@code environment.properties} shows for a run: pod, kind, scenario, installer,
     * version, task id, and the lab's facts (kernels, QEMU versions, accelerator, guest image),
     * without any entry whose name suggests a secret.
     *
     * @param run   the run's pod, scenario, installer, version and task id
     * @param lab   the lab's description, or {@code null} when the lab never answered
     * @param extra more entries; they replace entries of the same name
     * @return the entries sorted by name, those whose name holds e.g. {@code password}, {@code token} or {@code key} removed
     */
    public static Map<String, String> environment(RunInfo run, LabInfo lab, Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>();
        env.put("pod", run.podName());
        env.put("scenario", run.scenario());
        env.put("installer", run.installer());
        env.put("version", run.version());
        env.put("task_id", run.taskId());
        if (lab != null) {
            env.put("pod", lab.pod());
            env.put("kind", lab.kind());
            env.putAll(lab.facts());
        }
        env.putAll(extra);
        env.keySet().removeIf(AllureRunFiles::secret);
        return env;
    }

    /**
     * Writes {@code environment.properties} in {@code dir}, one sorted {@code key=value} per line.
     *
     * @param dir         Allure's results directory; created when missing
     * @param environment the entries, e.g. from {@link #environment}; secret-looking names are dropped
     * @return the written file, ISO 8859-1 with properties escapes
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Path writeEnvironment(Path dir, Map<String, String> environment) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(environment).forEach((k, v) -> {
            if (!secret(k)) {
                text.append(escape(k, true)).append('=').append(escape(v == null ? "" : v, false)).append('\n');
            }
        });
        Path file = dir.resolve("environment.properties");
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains);
    }

    private static String escape(String s, boolean key) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '=', ':', '#', '!' -> sb.append('\\').append(c);
                case ' ' -> sb.append(key || sb.isEmpty() ? "\\ " : " ");
                default -> {
                    if (c > 0xff) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
