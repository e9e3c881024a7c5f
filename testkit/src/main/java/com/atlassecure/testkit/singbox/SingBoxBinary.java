package com.atlassecure.testkit.singbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Locates a real sing-box binary (env SING_BOX_BIN, then PATH): the core of Hiddify, Karing, NekoBox and SFA/SFI, used
 * as a second client core in compatibility tests. It must be built with uTLS, which REALITY needs.
 */
public record SingBoxBinary(Path path) {

    /** Why sing-box tests cannot run, as shown in the skip or failure reason. */
    public static final String MISSING_REASON = "sing-box not found: set SING_BOX_BIN or put sing-box on PATH;"
            + " .ci/run builds it with go install -tags with_utls github.com/sagernet/sing-box/cmd/sing-box@v1.14.1";

    public static Optional<SingBoxBinary> locate() {
        return locate(System.getenv());
    }

    public static Optional<SingBoxBinary> locate(Map<String, String> env) {
        String explicit = env.get("SING_BOX_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path candidate = Path.of(explicit.strip());
            return Files.isExecutable(candidate) ? Optional.of(new SingBoxBinary(candidate)) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "sing-box");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new SingBoxBinary(candidate));
                }
            }
        }
        return Optional.empty();
    }
}
