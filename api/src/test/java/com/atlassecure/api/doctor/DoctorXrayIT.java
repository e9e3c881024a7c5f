package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.DoctorFixture.doctorJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.xrayconfig.InitCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The doctor's {@code xray run -test} check against the real Xray binary. */
class DoctorXrayIT {
    /** The reference config the deploy/ directory ships (branch contract-docs), relative to the api module. */
    static final Path DEPLOY_CONFIG = Path.of("..", "deploy", "xray", "config.json");

    @TempDir
    Path dir;

    @Test
    void aDeploymentMadeByInitPassesEveryCheckIncludingXraysOwnTest() throws Exception {
        Path xray = LocalXray.require();
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(withXray(f.fullArgs(), xray));

        assertThat(run.status("xray.test")).isEqualTo("PASS");
        assertThat(run.reason("xray.test")).contains("Configuration OK.");
        assertThat(run.idsWithStatus("FAIL")).isEmpty();
        assertThat(run.idsWithStatus("WARN")).isEmpty();
        assertThat(run.exit()).isZero();
    }

    @Test
    void aConfigXrayRejectsFailsWithXraysReason() throws Exception {
        Path xray = LocalXray.require();
        DoctorFixture f = DoctorFixture.init(dir);
        String json = Files.readString(f.config)
                .replaceFirst("\"shortIds\" : \\[ \"[0-9a-f]+\" \\]", "\"shortIds\" : [ \"xyz\" ]");
        assertThat(json).contains("\"xyz\"");
        Files.writeString(f.config, json);
        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString(), "--xray-bin", xray.toString()));

        assertThat(run.status("xray.test")).isEqualTo("FAIL");
        assertThat(run.reason("xray.test"))
                .contains("(exit 23): Failed to start:")
                .contains("shortIds");
        assertThat(run.status("config.short-ids")).isEqualTo("FAIL");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void theShippedDeployConfigFilledByInitPassesXraysTest() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(DEPLOY_CONFIG),
                "deploy/xray/config.json is not on this branch yet (branch contract-docs adds it)");
        Path xray = LocalXray.require();
        Path config = dir.resolve("config.json");
        int exit = new CommandLine(new InitCommand())
                .setOut(new PrintWriter(new StringWriter()))
                .execute("--template", DEPLOY_CONFIG.toString(), "--out", config.toString());
        assertThat(exit).isZero();

        DoctorFixture.JsonRun run = doctorJson(List.of("--config", config.toString(), "--xray-bin", xray.toString()));

        assertThat(run.status("xray.test")).isEqualTo("PASS");
        assertThat(run.idsWithStatus("FAIL")).isEmpty();
        assertThat(run.exit()).isZero();
    }

    private static List<String> withXray(List<String> args, Path xray) {
        List<String> copy = new ArrayList<>(args);
        copy.set(copy.indexOf("--xray-bin") + 1, xray.toString());
        return copy;
    }
}
