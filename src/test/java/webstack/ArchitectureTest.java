package webstack;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph points one way: the composition root ({@link WebApp}) knows every
 * package; features use {@code system} and {@code db}; {@code db} uses only {@code system};
 * {@code system} uses no other package of ours; and no two packages depend on each other.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("webstack");
    }

    @Test
    void systemDependsOnNoOtherPackageOfOurs() {
        noClasses().that().resideInAPackage("webstack.system..")
                .should().dependOnClassesThat(resideInAPackage("webstack..").and(not(resideInAPackage("webstack.system.."))))
                .check(classes);
    }

    @Test
    void theDatabaseModuleKnowsNoFeature() {
        noClasses().that().resideInAPackage("webstack.db..")
                .should().dependOnClassesThat().resideOutsideOfPackages("webstack.db..", "webstack.system..", "java..",
                        "javax..", "com.zaxxer..", "org.apache.ibatis..", "org.flywaydb..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void noFeatureKnowsTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("webstack")
                .should().dependOnClassesThat().resideInAPackage("webstack")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("webstack.(*)..").should().beFreeOfCycles().check(classes);
    }
}
