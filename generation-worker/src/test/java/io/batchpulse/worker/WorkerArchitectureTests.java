package io.batchpulse.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The worker's borders: features without cycles, no other service's code, and an SPI teams can take alone. */
class WorkerArchitectureTests {

    private static final JavaClasses WORKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.batchpulse.worker");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.batchpulse.worker.(*)..").should().beFreeOfCycles().check(WORKER);
    }

    @Test
    void workerImportsNoOtherServicesCode() {
        noClasses().that().resideInAPackage("io.batchpulse.worker..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.batchpulse.orchestrator..", "io.batchpulse.gateway..")
                .check(WORKER);
    }

    /** What processors compile against stays free of the worker, of Spring and of the Kafka contract. */
    @Test
    void spiDependsOnJavaAndJacksonOnly() {
        classes().that().resideInAPackage("io.batchpulse.worker.spi..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.batchpulse.worker.spi..", "java..", "tools.jackson..")
                .check(WORKER);
    }
}
