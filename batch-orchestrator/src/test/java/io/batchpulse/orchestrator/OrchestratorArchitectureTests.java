package io.batchpulse.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The borders of the orchestrator's packages, checked on its compiled main classes. */
class OrchestratorArchitectureTests {

    private static final String BASE = "io.batchpulse.orchestrator";

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void packagesOfTheServiceDependOnEachOtherWithoutCycles() {
        ArchRule rule = slices().matching(BASE + ".(*)..").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void theServiceImportsNoOtherServicesPackages() {
        ArchRule rule = noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.batchpulse.gateway..", "io.batchpulse.worker..");
        rule.check(classes);
    }

    @Test
    void onlyTheItemPackageHoldsStatementsThatWriteItemRows() {
        ArchRule rule = classes().that().resideOutsideOfPackages(BASE + ".item..", BASE + ".db..")
                .should(holdNoSqlThatWrites("batch_items"));
        rule.check(classes);
    }

    /**
     * ArchUnit sees calls, not the SQL strings passed to them, so this reads each class file: a
     * string constant (a text block, a concatenation's recipe) lies in its constant pool as plain
     * bytes, which is where an UPDATE, INSERT INTO or DELETE FROM the table would show.
     */
    private static ArchCondition<JavaClass> holdNoSqlThatWrites(String table) {
        Pattern write = Pattern.compile("(?i)\\b(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+" + table + "\\b");
        return new ArchCondition<>("hold no SQL that writes " + table) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Matcher matcher = write.matcher(constants(javaClass));
                if (matcher.find()) {
                    events.add(SimpleConditionEvent.violated(javaClass,
                            javaClass.getName() + " holds '" + matcher.group() + "'"));
                }
            }
        };
    }

    private static String constants(JavaClass javaClass) {
        var source = javaClass.getSource().orElseThrow(() -> new IllegalStateException(
                "no class file for " + javaClass.getName()));
        try (InputStream in = source.getUri().toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
