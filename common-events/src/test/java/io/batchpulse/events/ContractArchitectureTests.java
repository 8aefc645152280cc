package io.batchpulse.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The wire contract is a plain jar every reader can take: it must not drag a framework along. */
class ContractArchitectureTests {

    private static final JavaClasses CONTRACT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.batchpulse.events");

    @Test
    void contractDependsOnNeitherSpringNorJpaNorKafkaStreams() {
        noClasses().that().resideInAPackage("io.batchpulse.events..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.persistence..", "org.apache.kafka.streams..")
                .check(CONTRACT);
    }
}
