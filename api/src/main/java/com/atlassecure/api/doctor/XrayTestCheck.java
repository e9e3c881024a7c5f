package com.atlassecure.api.doctor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks Xray itself whether it accepts the config: {@code xray run -test -c CONFIG} prints "Configuration OK." and
 * exits 0, or prints "Failed to start: ..." and exits non-zero. Without a binary the check is skipped with a WARN,
 * because the doctor also runs on machines (a laptop, CI for the bot) that have no xray.
 */
final class XrayTestCheck {
    static final String ID = "xray.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private XrayTestCheck() {}

    /** Runs {@code bin run -test}; a null {@code bin} (none given, none on PATH) gives a "skipped" WARN. */
    static CheckResult run(Path bin, Path config) {
        if (bin == null) {
            return CheckResult.warn(
                    ID, Category.VALIDATION, "skipped: no xray on PATH (pass --xray-bin to run xray run -test)");
        }
        if (!Files.isExecutable(bin)) {
            return CheckResult.fail(ID, Category.VALIDATION, bin + " is not an executable xray binary");
        }
        try {
            Process process = new ProcessBuilder(List.of(bin.toString(), "run", "-test", "-c", config.toString()))
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return CheckResult.fail(
                        ID,
                        Category.VALIDATION,
                        bin + " run -test did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            String text = output.get(5, TimeUnit.SECONDS);
            String version = firstLine(text);
            if (process.exitValue() == 0 && text.contains("Configuration OK")) {
                return CheckResult.pass(
                        ID, Category.VALIDATION, version + " accepts " + config + " (Configuration OK.)");
            }
            return CheckResult.fail(
                    ID,
                    Category.VALIDATION,
                    version + " rejects " + config + " (exit " + process.exitValue() + "): " + failureLine(text));
        } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
            return CheckResult.fail(ID, Category.VALIDATION, "cannot run " + bin + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(ID, Category.VALIDATION, "interrupted while running " + bin);
        }
    }

    static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("xray").strip();
        // "Xray 26.3.27 (Xray, Penetrates Everything.) ..." -> "Xray 26.3.27"
        String[] words = line.split("\\s+");
        return words.length >= 2 && words[0].equalsIgnoreCase("xray") ? words[0] + " " + words[1] : "xray";
    }

    private static String failureLine(String text) {
        return text.lines()
                .map(String::strip)
                .filter(l -> l.contains("Failed") || l.contains("failed") || l.contains("error"))
                .reduce((first, second) -> second)
                .or(() -> text.lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .reduce((a, b) -> b))
                .orElse("no output");
    }
}
