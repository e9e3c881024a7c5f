package com.atlassecure.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The API's package shape, enforced (issue 21, decision 0018): no package cycles, and {@code store} is a leaf that
 * knows no feature or network package. Each rule is also run against a deliberately bad fixture, so a rule that could
 * never fail (a typo in a package pattern) is caught too.
 */
class ApiArchitectureTest {
    private static final String API = "com.atlassecure.api";
    private static final String FIXTURE = API + ".archfixture";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/archfixture/"))
            .importPackages(API);

    private static final JavaClasses BAD = new ClassFileImporter().importPackages(FIXTURE);

    /** Every feature package under {@code root} is a slice; the slices form no cycle. */
    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** {@code root.store} stores rows: it depends on no feature package, on the composition root, nor on gRPC. */
    static ArchRule storeIsALeaf(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        root,
                        root + ".xray..",
                        root + ".users..",
                        root + ".http..",
                        root + ".health..",
                        root + ".sessions..",
                        root + ".doctor..",
                        root + ".metrics..",
                        root + ".config..",
                        root + ".xrayconfig..",
                        root + ".links..",
                        root + ".reality..",
                        root + ".compat..",
                        "io.grpc..");
    }

    @Test
    void packagesAreFreeOfCycles() {
        noCycles(API).check(MAIN);
    }

    @Test
    void storeImportsNoFeatureOrNetworkPackage() {
        storeIsALeaf(API).check(MAIN);
    }

    @Test
    void theRealImportHoldsTheStoreAndItsUsers() {
        // Guards the import itself: an empty or fixture-polluted import would pass every rule above.
        assertThat(MAIN.containPackage(API + ".store")).isTrue();
        assertThat(MAIN.containPackage(API + ".users")).isTrue();
        assertThat(MAIN.containPackage(FIXTURE + ".store")).isFalse();
    }

    @Test
    void theCycleRuleFailsOnACycle() {
        EvaluationResult result = noCycles(FIXTURE).evaluate(BAD);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("store", "xray");
    }

    @Test
    void theLeafRuleFailsOnAStoreThatCallsXrayAndGrpc() {
        EvaluationResult result = storeIsALeaf(FIXTURE).evaluate(BAD);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(FIXTURE + ".xray.FixtureXray"))
                .anyMatch(line -> line.contains("io.grpc.Status"));
    }
}
