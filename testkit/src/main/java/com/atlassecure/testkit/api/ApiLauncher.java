package com.atlassecure.testkit.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the API as its own operating-system process, configured only by its environment, the way systemd runs
 * it: from the fat jar, or from a class path when the jar is not built. The one launcher of the api, e2e and bench
 * tests. Not thread-safe; build, then launch.
 */
public final class ApiLauncher {
    private static final String MAIN_CLASS = "com.atlassecure.api.Main";

    private final List<String> program;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean cleanEnvironment;
    private Path workDir;
    private Duration stopGrace = Duration.ofSeconds(20);

    private ApiLauncher(List<String> program) {
        this.program = List.copyOf(program);
    }

    /** {@code java -jar jar}. */
    public static ApiLauncher jar(Path jar) {
        return new ApiLauncher(List.of("-jar", jar.toString()));
    }

    /** {@code java -cp classPath com.atlassecure.api.Main}, for tests that run before the jar is packaged. */
    public static ApiLauncher classPath(String classPath) {
        return new ApiLauncher(List.of("-cp", classPath, MAIN_CLASS));
    }

    public ApiLauncher jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public ApiLauncher env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** Starts from an empty environment but for PATH and LANG, like a systemd unit's, instead of inheriting ours. */
    public ApiLauncher cleanEnvironment() {
        cleanEnvironment = true;
        return this;
    }

    public ApiLauncher workDir(Path dir) {
        workDir = dir;
        return this;
    }

    /** How long {@link RunningApi#close} waits after SIGTERM before SIGKILL; 20 s unless set. */
    public ApiLauncher stopGrace(Duration grace) {
        stopGrace = grace;
        return this;
    }

    /** What a one-shot command ({@code init}, {@code doctor}) did: its exit code and stdout and stderr together. */
    public record CommandResult(int exitCode, String output) {}

    /** Runs {@code atlas-api args} to completion, its output appended to {@code output}. */
    public CommandResult run(Path output, Duration timeout, String... args) {
        Process process = launch(output, args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("atlas-api " + args[0] + " did not exit within " + timeout
                        + "; output:\n" + RunningApi.read(output));
            }
            return new CommandResult(process.exitValue(), RunningApi.read(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while atlas-api " + args[0] + " ran", e);
        }
    }

    /**
     * Starts {@code atlas-api serve}, its output appended to {@code log}, and returns once {@code GET /health} at
     * {@code baseUrl} answers as {@code ready} asks. A process that does not get there is stopped before this throws.
     */
    public RunningApi serve(Path log, URI baseUrl, Duration readyTimeout, RunningApi.Ready ready) {
        RunningApi api = new RunningApi(launch(log, "serve"), log, baseUrl, stopGrace);
        try {
            api.awaitReady(readyTimeout, ready);
        } catch (RuntimeException | Error e) {
            api.kill9();
            throw e;
        }
        return api;
    }

    private Process launch(Path output, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(program);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        if (cleanEnvironment) {
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().put("LANG", "C.UTF-8"); // as a systemd unit gets from the system locale
        }
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // A crashed test JVM must not leave an API holding its port for the next run.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "atlas-api-reaper"));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }
}
