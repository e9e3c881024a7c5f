package com.atlassecure.api.xrayconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentKeepsModeAndLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        AtomicFiles.writeAtomically(file, "new".getBytes());

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void createsTheFileWhenItDoesNotExist() throws Exception {
        Path file = dir.resolve("fresh.json");
        AtomicFiles.writeAtomically(file, "{}".getBytes());
        assertThat(file).hasContent("{}");
    }
}
