package io.kvm4nfv.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The layering of the README ("Layout") and DESIGN, kept by a test: data flows one way, pod
 * config → node → lab → setup/load → probe → publish → orchestration → junit, with {@code result} and
 * {@code report} at the bottom beside {@code config} and {@code node}; and the vendor rules —
 * only {@code junit} imports JUnit, only {@code publish} imports Allure, only {@code node}
 * imports sshj. A probe needs no particular kind of lab: {@code lab} depends on nothing above it.
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
}
