package com.atlassecure.api.xrayconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Review L6: the files init writes hold the REALITY private key, whatever mode the file they replace had. */
class InitModesTest {
    @TempDir
    Path dir;

    @Test
    void initForceOverAWorldReadableStubWrites0640AndTheEnvOut0600() throws Exception {
        Path config = dir.resolve("config.json");
        Path env = dir.resolve("init.env");
        Files.writeString(config, "{}");
        Files.writeString(env, "");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));

        int exit = new CommandLine(new InitCommand())
                .setOut(new PrintWriter(new StringWriter()))
                .execute("--out", config.toString(), "--env-out", env.toString(), "--force");

        assertThat(exit).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
                .isEqualTo("rw-------");
        assertThat(FileModes.tooOpen(config)).isEmpty();
    }

    @Test
    void aFileWithOtherBitsIsReportedWithItsModeAndTheFix() throws Exception {
        Path file = dir.resolve("api.env");
        Files.writeString(file, "X=1");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(FileModes.tooOpen(file))
                .hasValueSatisfying(m -> assertThat(m).contains("rw-r--r--").contains("chmod o-rwx " + file));
    }
}
