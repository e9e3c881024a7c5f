package com.atlassecure.api.reality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Review L8: the private key for --public-of comes from stdin or a file, never from argv (ps, shell history). */
class KeygenCommandTest {
    private static final String PRIVATE = "aGSYystUbf59_9_6LKRxD27rmSW_-2_nyd9YG_Gwbks";
    private static final String PUBLIC = "E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String stdin, String... args) {
        KeygenCommand command = new KeygenCommand();
        command.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void readsThePrivateKeyFromStdin() {
        Run run = run(PRIVATE + "\n", "--public-of", "-");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("PublicKey: " + PUBLIC + System.lineSeparator());
    }

    @Test
    void readsThePrivateKeyFromAFile() throws Exception {
        Path file = dir.resolve("private.key");
        Files.writeString(file, PRIVATE + "\n");
        Run run = run("", "--public-of", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(PUBLIC);
    }

    @Test
    void aKeyGivenOnTheCommandLineIsRefusedWithoutEchoingIt() {
        Run run = run("", "--public-of", PRIVATE);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("a file, or - for stdin").doesNotContain(PRIVATE);
        assertThat(run.out()).doesNotContain(PRIVATE).doesNotContain(PUBLIC);
    }
}
