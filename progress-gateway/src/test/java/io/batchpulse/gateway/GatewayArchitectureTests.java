package io.batchpulse.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway's borders: features without cycles, progress (the Streams fold) knowing nothing of
 * how snapshots are streamed to browsers, and no other service's code.
 */
class GatewayArchitectureTests {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.batchpulse.gateway");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.batchpulse.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void progressNeverDependsOnStream() {
        noClasses().that().resideInAPackage("io.batchpulse.gateway.progress..")
                .should().dependOnClassesThat().resideInAPackage("io.batchpulse.gateway.stream..")
                .check(GATEWAY);
    }

    @Test
    void gatewayImportsNoOtherServicesCode() {
        noClasses().that().resideInAPackage("io.batchpulse.gateway..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.batchpulse.orchestrator..", "io.batchpulse.worker..")
                .check(GATEWAY);
    }
}
