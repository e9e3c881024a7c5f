package com.atlassecure.testkit.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RequiresXrayExtensionTest {

    @TempDir
    Path dir;

    @Test
    void missingXrayAbortsWithTheReasonOutsideCi() {
        assertThatThrownBy(() -> RequiresXrayExtension.binaryOrAbort(Map.of("PATH", dir.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("xray not found: set XRAY_BIN or put xray on PATH")
                .hasMessageContaining("go install github.com/xtls/xray-core/main@v1.260327.0");
    }

    @Test
    void missingXrayFailsUnderCi() {
        assertThatThrownBy(() -> RequiresXrayExtension.binaryOrAbort(Map.of("PATH", dir.toString(), "CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("CI=true but xray not found");
    }

    @Test
    void xrayBinWinsOverPath() throws IOException {
        Path onPath = executable(dir.resolve("xray"));
        Path explicit =
                executable(Files.createDirectory(dir.resolve("elsewhere")).resolve("xray-26"));

        assertThat(XrayBinary.locate(Map.of("XRAY_BIN", explicit.toString(), "PATH", dir.toString())))
                .contains(new XrayBinary(explicit));
        assertThat(XrayBinary.locate(Map.of("PATH", "/nonexistent:" + dir))).contains(new XrayBinary(onPath));
    }

    @Test
    void wrongXrayBinIsNotSilentlyReplacedByPath() throws IOException {
        executable(dir.resolve("xray"));

        assertThat(XrayBinary.locate(Map.of("XRAY_BIN", dir.resolve("nope").toString(), "PATH", dir.toString())))
                .isEmpty();
        assertThat(XrayBinary.describeEnv(Map.of("XRAY_BIN", "/nope"))).contains("XRAY_BIN=/nope is not");
    }

    private static Path executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
