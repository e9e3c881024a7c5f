package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The outcome of {@code xray run -test -c FILE}: its exit code and combined output. */
public record ConfigCheck(int exitCode, String output) {

    /** True when xray accepted the config (exit code 0). */
    public boolean ok() {
        return exitCode == 0;
    }

    /** Runs {@code xray run -test -c configFile} in {@code dir}. */
    static ConfigCheck run(XrayBinary binary, Path dir, Path configFile) {
        try {
            Process test = new ProcessBuilder(binary.path().toString(), "run", "-test", "-c", configFile.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!test.waitFor(60, TimeUnit.SECONDS)) {
                test.destroyForcibly();
                throw new IllegalStateException("xray run -test did not exit within 60s; output: " + output);
            }
            return new ConfigCheck(test.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary.path() + " run -test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during xray run -test", e);
        }
    }
}
