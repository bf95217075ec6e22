package io.kvm4nfv.gettingstarted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's project, as the README's "Use it in your project" tells it: a scratch Maven project
 * whose {@code pom.xml} holds only the README's dependency snippet and whose one test class is the
 * README's example, both read from README.md now (so the README cannot drift), with no config
 * folder. It depends on this build's jar — installed, with the parent POM, into a local
 * repository of its own, offline, with this machine's Maven repository as its read-only tail
 * ({@code maven.repo.local.tail}, Maven 3.9) for everything else — and {@code mvn test} must pass
 * on the embedded pod the jar ships, with a cyclictest result recorded. (The SLA monitors: CI
 * never judges TCG timing.)
 */
class GettingStartedIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path PROJECT = MODULE.getParent();
    private static final String VERSION = System.getProperty("it.projectVersion", "0.1.0-SNAPSHOT");

    @TempDir
    Path temp;

    @Test
    void theReadmesFirstExampleRunsInAProjectThatHasOnlyTheDependency() throws Exception {
        String readme = Files.readString(PROJECT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Use it in your project"));
        String dependencies = block(section, "xml");
        String testClass = block(section, "java");
        String className = matcher("class (\\w+)", testClass).group(1);

        Path project = Files.createDirectories(temp.resolve("my-nfv-tests"));
        Path repo = Files.createDirectories(temp.resolve("repository"));
        installOurArtifacts(repo);
        Files.writeString(project.resolve("pom.xml"), pom(dependencies));
        Path testDir = Files.createDirectories(project.resolve("src/test/java"));
        Files.writeString(testDir.resolve(className + ".java"), testClass);
        Path machineRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");

        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("mvnw").toString(), "-B", "-o",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + machineRepo,
                "-f", project.resolve("pom.xml").toString(), "test",
                "-Dkvm4nfv.sla.action=monitor", "-Dkvm4nfv.lab.dir=" + temp.resolve("labs")));
        Path log = temp.resolve("mvn.log");
        Process mvn = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = mvn.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            mvn.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println("== pom.xml of the scratch project\n" + Files.readString(project.resolve("pom.xml"))
                + "== " + className + ".java\n" + testClass + "== mvn test (tail)\n" + tail(output, 25));

        assertThat(ended).as("mvn test ended within 10 minutes").isTrue();
        assertThat(mvn.exitValue()).as("mvn test exit status; output:\n%s", tail(output, 60)).isZero();
        Path report = project.resolve("target/surefire-reports/TEST-" + className + ".xml");
        assertThat(Files.readString(report)).contains("tests=\"1\"").contains("failures=\"0\"").contains("errors=\"0\"")
                .contains("skipped=\"0\"");
        List<String> results = Files.readAllLines(project.resolve("target/kvm4nfv-results/results.jsonl"));
        JsonNode recorded = new ObjectMapper().readTree(results.get(0));
        assertThat(recorded.get("name").asText()).isEqualTo("kvmfornfv_cyclictest_idle_idle");
        assertThat(recorded.at("/result/details/threads/0/samples").asLong()).isEqualTo(2000);
    }

    /** The first fenced block of {@code language} in {@code text}. */
    private static String block(String text, String language) {
        return matcher("(?s)```" + language + "\\n(.*?)```", text).group(1);
    }

    private static Matcher matcher(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("README has %s", regex).isTrue();
        return m;
    }

    /** This build's jar and POM, and the parent POM, as {@code mvn install} would lay them out. */
    private static void installOurArtifacts(Path repo) throws IOException {
        Path parent = Files.createDirectories(repo.resolve("io/kvm4nfv/kvm4nfv-parent/" + VERSION));
        Files.copy(PROJECT.resolve("pom.xml"), parent.resolve("kvm4nfv-parent-" + VERSION + ".pom"),
                StandardCopyOption.REPLACE_EXISTING);
        Path module = Files.createDirectories(repo.resolve("io/kvm4nfv/kvm4nfv-junit/" + VERSION));
        Files.copy(MODULE.resolve("pom.xml"), module.resolve("kvm4nfv-junit-" + VERSION + ".pom"),
                StandardCopyOption.REPLACE_EXISTING);
        Path jar = MODULE.resolve("target/kvm4nfv-junit-" + VERSION + ".jar");
        assertThat(jar).as("the jar of this build (failsafe runs after package)").exists();
        Files.copy(jar, module.resolve("kvm4nfv-junit-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A user's POM: coordinates, Java 17, the README's dependencies, and the plugin versions this build uses. */
    private static String pom(String dependencies) throws IOException {
        String parent = Files.readString(PROJECT.resolve("pom.xml"));
        String surefire = matcher("<surefire.version>([^<]+)<", parent).group(1);
        String compiler = matcher("maven-compiler-plugin</artifactId><version>([^<]+)<", parent).group(1);
        String resources = matcher("maven-resources-plugin</artifactId><version>([^<]+)<", parent).group(1);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>my-nfv-tests</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>%s</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>%s</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>%s</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(dependencies.strip(), resources, compiler, surefire);
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }
}
