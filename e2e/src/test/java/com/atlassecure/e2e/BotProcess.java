package com.atlassecure.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the bot as production runs it, {@code java -jar atlas-bot.jar}, with only the given environment. */
final class BotProcess {
    private BotProcess() {}

    /** The process, its stdout and stderr in {@code output}; killed when the test JVM exits, if still running. */
    static Process launch(Path jar, Map<String, String> env, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "atlas-bot-reaper"));
        return process;
    }
}
