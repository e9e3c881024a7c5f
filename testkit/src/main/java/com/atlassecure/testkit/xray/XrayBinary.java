package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Locates the real xray binary (env XRAY_BIN, then PATH) and reports its version. */
public record XrayBinary(Path path) {

    /** Why xray-needing tests cannot run, as shown in the skip or failure reason. */
    public static final String MISSING_REASON = "xray not found: set XRAY_BIN or put xray on PATH;"
            + " .ci/run builds it with go install github.com/xtls/xray-core/main@v1.260327.0";

    /** The binary from XRAY_BIN, else the first executable xray on PATH. */
    public static Optional<XrayBinary> locate() {
        return locate(System.getenv());
    }

    static Optional<XrayBinary> locate(Map<String, String> env) {
        String explicit = env.get("XRAY_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path candidate = Path.of(explicit.strip());
            // A set but wrong XRAY_BIN is a mistake to report, not a reason to silently pick another xray.
            return Files.isExecutable(candidate) ? Optional.of(new XrayBinary(candidate)) : Optional.empty();
        }
        String pathVar = env.getOrDefault("PATH", "");
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "xray");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new XrayBinary(candidate));
            }
        }
        return Optional.empty();
    }

    /** The binary, or an IllegalStateException with {@link #MISSING_REASON}. */
    public static XrayBinary require() {
        return locate().orElseThrow(() -> new IllegalStateException(MISSING_REASON + describeEnv(System.getenv())));
    }

    static String describeEnv(Map<String, String> env) {
        String explicit = env.get("XRAY_BIN");
        return explicit == null ? " (XRAY_BIN unset)" : " (XRAY_BIN=" + explicit + " is not an executable file)";
    }

    /** The first line of {@code xray version}, e.g. "Xray 26.3.27 (Xray, Penetrates Everything.) ...". */
    public String version() {
        try {
            Process process = new ProcessBuilder(path.toString(), "version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(path + " version did not exit within 30s");
            }
            return output.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + path + " version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + path + " version", e);
        }
    }
}
