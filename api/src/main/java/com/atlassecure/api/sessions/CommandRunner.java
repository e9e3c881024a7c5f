package com.atlassecure.api.sessions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a program from an argument list, never through a shell, capturing both output streams. */
interface CommandRunner {

    /** What a finished (or abandoned) run produced. exitCode is -1 when the run timed out. */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {}

    /**
     * @throws IOException when the program cannot be started (missing binary, not executable)
     */
    Result run(List<String> argv, Duration timeout) throws IOException;

    /** The real thing: {@link ProcessBuilder}, which passes each argument to execve as is. */
    static CommandRunner processes() {
        return (argv, timeout) -> {
            Process process = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "", "timed out after " + timeout.toMillis() + " ms", true);
                }
                return new Result(
                        process.exitValue(),
                        out.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                        err.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                        false);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv.get(0), e);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new IOException("could not read the output of " + argv.get(0), e);
            }
        };
    }

    private static String drain(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
