package io.kvm4nfv.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kvm4nfv.config.PodConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the README ("Layout") and DESIGN, kept by a test: data flows one way, pod
 * config → node → lab → setup/load → probe → publish → orchestration → junit, with {@code result} and
 * {@code report} at the bottom beside {@code config} and {@code node}; and the vendor rules —
 * only {@code junit} imports JUnit, only {@code publish} imports Allure, only {@code node}
 * imports sshj. A probe needs no particular kind of lab: {@code lab} depends on nothing above it.
 * The top-level packages form no cycle, and every package says in its {@code package-info.java}
 * what it is and what it may use.
 */
class LayeringTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kvm4nfv");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("io.kvm4nfv.config..")
                .layer("node").definedBy("io.kvm4nfv.node..")
                .layer("result").definedBy("io.kvm4nfv.result..")
                .layer("report").definedBy("io.kvm4nfv.report..")
                .layer("lab").definedBy("io.kvm4nfv.lab..")
                .layer("setup").definedBy("io.kvm4nfv.setup..")
                .layer("load").definedBy("io.kvm4nfv.load..")
                .layer("probe").definedBy("io.kvm4nfv.probe..")
                .layer("publish").definedBy("io.kvm4nfv.publish..")
                .layer("orchestration").definedBy("io.kvm4nfv.orchestration..")
                .layer("junit").definedBy("io.kvm4nfv.junit..")
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("node").mayNotAccessAnyLayer()
                .whereLayer("result").mayOnlyAccessLayers("config")
                .whereLayer("report").mayNotAccessAnyLayer()
                .whereLayer("lab").mayOnlyAccessLayers("config", "node")
                .whereLayer("setup").mayOnlyAccessLayers("config", "node", "report", "lab")
                .whereLayer("load").mayOnlyAccessLayers("config", "node", "report", "result", "lab")
                .whereLayer("probe").mayOnlyAccessLayers("config", "node", "report", "result", "lab", "setup", "load")
                .whereLayer("publish").mayOnlyAccessLayers("config", "node", "report", "result", "lab", "setup", "load",
                        "probe")
                .whereLayer("orchestration").mayOnlyAccessLayers("config", "node", "report", "result", "lab", "setup",
                        "load", "probe", "publish")
                .whereLayer("junit").mayNotBeAccessedByAnyLayer()
                .check(main);
    }

    @Test
    void onlyTheJunitPackageImportsJunit() {
        noClasses().that().resideOutsideOfPackage("io.kvm4nfv.junit..")
                .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.opentest4j..")
                .check(main);
    }

    @Test
    void onlyThePublishPackageImportsAllure() {
        noClasses().that().resideOutsideOfPackage("io.kvm4nfv.publish..")
                .should().dependOnClassesThat().resideInAnyPackage("io.qameta.allure..")
                .check(main);
    }

    @Test
    void onlyTheNodePackageImportsSshj() {
        noClasses().that().resideOutsideOfPackage("io.kvm4nfv.node..")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..")
                .check(main);
    }

    @Test
    void theTopLevelPackagesFormNoCycles() {
        slices().matching("io.kvm4nfv.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void everyPackageWithMainClassesHasAPackageInfo() throws URISyntaxException {
        // target/classes -> the module's src/main/java, whatever the working directory
        Path classes = Path.of(PodConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path sources = classes.resolve("../../src/main/java").normalize();
        assertThat(sources).as("the main sources next to %s", classes).isDirectory();
        List<String> missing = main.stream().map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new)).stream()
                .filter(p -> !Files.isRegularFile(sources.resolve(p.replace('.', '/')).resolve("package-info.java")))
                .toList();
        assertThat(missing).as("packages without a package-info.java (in %s) that says what the package is and "
                + "which packages it may use", sources).isEmpty();
    }
}
