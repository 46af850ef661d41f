package dev.bulwark.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md, checked on the compiled classes of every module. */
class ArchitectureTest {
    private static JavaClasses bulwark;

    @BeforeAll
    static void importClasses() {
        bulwark = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test doubles
                .importPackages("dev.bulwark");
    }

    @Test
    void coreHasNoHttpSqlOrFramework() {
        noClasses().that().resideInAPackage("dev.bulwark.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.javalin..",
                        "org.eclipse.jetty..", "jakarta.servlet..", "org.jdbi..", "org.flywaydb..", "com.zaxxer..",
                        "com.fasterxml.jackson..", "io.micrometer..", "picocli..", "java.net.http..",
                        "dev.bulwark.store..", "dev.bulwark.server..")
                .check(bulwark);
    }

    @Test
    void storeDoesNotKnowTheServer() {
        noClasses().that().resideInAPackage("dev.bulwark.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bulwark.server..", "io.javalin..",
                        "org.eclipse.jetty..", "picocli..")
                .check(bulwark);
    }

    @Test
    void endpointsDoNotTouchStorageDirectly() {
        noClasses().that().resideInAPackage("dev.bulwark.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bulwark.store..", "org.jdbi..", "java.sql..")
                .check(bulwark);
    }

    @Test
    void namesSayWhatThingsAre() {
        noClasses().should().haveSimpleNameEndingWith("Manager").orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
                .check(bulwark);
    }

    /** Services and values hold no mutable state; a builder does, only while it makes a value. */
    @Test
    void coreHoldsNoMutableState() {
        classes().that().resideInAPackage("dev.bulwark.core..").and().haveSimpleNameNotEndingWith("Builder")
                .should().haveOnlyFinalFields()
                .check(bulwark);
    }
}
