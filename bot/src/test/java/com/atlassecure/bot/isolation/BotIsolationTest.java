package com.atlassecure.bot.isolation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Design principle 5, enforced: the bot never builds a link and knows no server parameter. Besides the Maven
 * enforcer rule (no dependency on api or xray-proto), its classes may not reference the API's or Xray's packages,
 * and its main sources, resources and env example may not mention the link prefix or the server settings.
 */
class BotIsolationTest {
    // Assembled so this test file does not itself trip scanners that look for the literals.
    private static final List<String> FORBIDDEN = List.of(
            "v" + "less://",
            "XRAY_" + "SERVER",
            "XRAY_" + "PORT",
            "XRAY_" + "SNI",
            "XRAY_" + "PUBLIC_KEY",
            "XRAY_" + "SHORT_ID",
            "XRAY_" + "FP");

    private static final Path MODULE = locateModule();

    @Test
    void botClassesDoNotReferenceTheApiOrXrayProtocolPackages() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.atlassecure.bot");
        assertThat(classes).isNotEmpty();
        noClasses()
                .that()
                .resideInAPackage("com.atlassecure.bot..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.atlassecure.api..", "com.atlassecure.xray..", "io.grpc..")
                .because("the bot only talks HTTP to the API and must not be able to build a link (principle 5)")
                .check(classes);
    }

    @Test
    void botMainSourcesAndResourcesNeverMentionTheLinkPrefixOrServerSettings() throws IOException {
        List<Path> scanned = new ArrayList<>();
        List<String> hits = new ArrayList<>();
        for (Path root : List.of(MODULE.resolve("src/main/java"), MODULE.resolve("src/main/resources"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    scanned.add(file);
                    hits.addAll(scan(file));
                }
            }
        }
        Path envExample = MODULE.getParent().resolve("deploy/bot.env.example");
        if (Files.exists(envExample)) {
            scanned.add(envExample);
            hits.addAll(scan(envExample));
        }
        assertThat(scanned).as("files scanned").hasSizeGreaterThan(20);
        assertThat(hits).as("forbidden text in the bot").isEmpty();
    }

    @Test
    void scannerFindsAForbiddenLiteralWhenOneIsPresent() throws IOException {
        Path file = Files.createTempFile("scan", ".java");
        try {
            Files.writeString(file, "String s = \"" + FORBIDDEN.get(0) + "x@host:1\";\n");
            assertThat(scan(file)).hasSize(1);
        } finally {
            Files.delete(file);
        }
    }

    private static List<String> scan(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> hits = new ArrayList<>();
        for (String needle : FORBIDDEN) {
            if (text.contains(needle)) {
                hits.add(file + " contains " + needle);
            }
        }
        return hits;
    }

    private static Path locateModule() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("src/main/java/com/atlassecure/bot"))) {
            return here;
        }
        return here.resolve("bot");
    }
}
