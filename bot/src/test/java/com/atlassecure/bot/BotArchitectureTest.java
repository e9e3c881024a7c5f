package com.atlassecure.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bot's package shape, enforced (issue 21, decision 0017): no package cycles; persistence (the {@code storage}
 * and {@code subscriptions} packages and every {@code *Repository}) reaches only the JDK, jdbi, the database's own
 * settings and plain values: no feature service, no Telegram, no HTTP; and a room's own table is used only by that
 * room. Each rule is also run against a deliberately
 * bad fixture, so a rule that could never fail is caught too.
 */
class BotArchitectureTest {
    private static final String BOT = "com.atlassecure.bot";
    private static final String FIXTURE = BOT + ".archfixture";

    /**
     * Tables every feature reads (who the customer is, what access they have). Every other repository is its room's
     * own table and is reached only through that room's facade ({@code Payments}, {@code Provisioning}, {@code
     * Broadcaster}).
     */
    private static final List<String> SHARED_TABLES =
            List.of("CustomerRepository", "ReferralRepository", "SubscriptionRepository");

    /** Libraries persistence may use; everything else outside the bot (Telegram, HTTP servers, QR) is refused. */
    private static final List<String> STORAGE_LIBRARIES =
            List.of("org.jdbi.", "org.slf4j.", "com.zaxxer.hikari.", "org.flywaydb.", "org.sqlite.", "org.postgresql.");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BOT);

    private static final JavaClasses BAD = new ClassFileImporter().importPackages(FIXTURE);

    /** Every feature package under {@code root} is a slice; the slices form no cycle. */
    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static DescribedPredicate<JavaClass> persistence(String root) {
        return DescribedPredicate.describe(
                "persistence (storage, subscriptions, *Repository)", c -> isPersistence(root, c));
    }

    private static boolean isPersistence(String root, JavaClass c) {
        String pkg = c.getPackageName();
        String topLevel = c.getName().replaceFirst("\\$.*", "");
        return pkg.equals(root + ".storage")
                || pkg.startsWith(root + ".storage.")
                || pkg.equals(root + ".subscriptions")
                || topLevel.endsWith("Repository");
    }

    /** Persistence depends only on the JDK (not its network), storage libraries, settings and values. */
    static ArchRule persistenceIsALeaf(String root) {
        return classes().that(persistence(root)).should(dependOnlyOnStorageAndValues(root));
    }

    private static ArchCondition<JavaClass> dependOnlyOnStorageAndValues(String root) {
        return new ArchCondition<>("depend only on the JDK, storage libraries, settings and values") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (!allowed(root, target)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean allowed(String root, JavaClass target) {
        String name = target.getName();
        if (target.isPrimitive()) {
            return true;
        }
        if (name.startsWith("java.")) {
            return !name.startsWith("java.net.");
        }
        if (name.startsWith("com.atlassecure.contract.")) {
            return true;
        }
        if (!name.startsWith(root + ".")) {
            return STORAGE_LIBRARIES.stream().anyMatch(name::startsWith);
        }
        // Inside the bot: the database's settings, other persistence, and values (records, enums); never a service.
        return name.startsWith(root + ".config.")
                || isPersistence(root, target)
                || target.isRecord()
                || target.isEnum();
    }

    /** A room's own repository is used only inside its package: the room's facade is the way in. */
    static ArchRule roomTablesStayInTheirRoom(String root) {
        return classes()
                .that(DescribedPredicate.describe(
                        "a room's own repository",
                        c -> c.getName().startsWith(root + ".")
                                && c.getSimpleName().endsWith("Repository")
                                && !SHARED_TABLES.contains(c.getSimpleName())))
                .should(new ArchCondition<>("be used only inside their own package") {
                    @Override
                    public void check(JavaClass repository, ConditionEvents events) {
                        for (Dependency dependency : repository.getDirectDependenciesToSelf()) {
                            JavaClass user = dependency.getOriginClass();
                            if (!user.getPackageName().equals(repository.getPackageName())) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    @Test
    void packagesAreFreeOfCycles() {
        noCycles(BOT).check(MAIN);
    }

    @Test
    void persistenceImportsNoFeatureOrNetworkPackage() {
        persistenceIsALeaf(BOT).check(MAIN);
    }

    @Test
    void aRoomsOwnTableIsReachedOnlyThroughItsFacade() {
        roomTablesStayInTheirRoom(BOT).check(MAIN);
    }

    @Test
    void theRoomRuleFailsOnAnotherRoomReadingTheTableDirectly() {
        EvaluationResult result = roomTablesStayInTheirRoom(FIXTURE).evaluate(BAD);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(FIXTURE + ".admin.FixtureStats"));
    }

    @Test
    void theRealImportHoldsPersistenceAndTheFeaturesAroundIt() {
        // Guards the import itself: an empty or fixture-polluted import would pass every rule above.
        assertThat(MAIN.containPackage(BOT + ".storage")).isTrue();
        assertThat(MAIN.containPackage(BOT + ".provisioning")).isTrue();
        assertThat(MAIN.contain(BOT + ".provisioning.OutboxRepository")).isTrue();
        assertThat(MAIN.contain(BOT + ".payments.PaymentRepository")).isTrue();
        assertThat(MAIN.containPackage(FIXTURE + ".storage")).isFalse();
    }

    @Test
    void theCycleRuleFailsOnACycle() {
        EvaluationResult result = noCycles(FIXTURE).evaluate(BAD);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("subscriptions", "provisioning");
    }

    @Test
    void theLeafRuleFailsOnARepositoryThatMessagesCustomersAndCallsHttp() {
        EvaluationResult result = persistenceIsALeaf(FIXTURE).evaluate(BAD);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(FIXTURE + ".telegram.FixtureGateway"))
                .anyMatch(line -> line.contains("java.net.http.HttpClient"));
    }
}
