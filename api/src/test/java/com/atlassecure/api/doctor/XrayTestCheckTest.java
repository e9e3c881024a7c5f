package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the check reads xray's answer; the real binary is exercised in DoctorXrayIT. */
class XrayTestCheckTest {
    @TempDir
    Path dir;

    @Test
    void withoutABinaryTheCheckIsSkippedWithAWarning() {
        CheckResult result = XrayTestCheck.run(null, dir.resolve("config.json"));

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(result.reason()).startsWith("skipped:");
    }

    @Test
    void noXrayIsFoundOnAPathWithoutOne() {
        assertThat(XrayTestCheck.onPath("xray", dir.toString())).isNull();
        assertThat(XrayTestCheck.onPath("xray", null)).isNull();
    }

    @Test
    void aRejectedConfigFailsWithXraysOwnReason() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        Path xray = f.script(
                "xray-rejects",
                "echo 'Xray 26.3.27 (Xray, Penetrates Everything.) Custom'\n"
                        + "echo 'Failed to start: main: failed to load config files: [c.json] > infra/conf: invalid"
                        + " \"shortIds\"'\nexit 23\n");

        CheckResult result = XrayTestCheck.run(xray, f.config);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason())
                .startsWith("Xray 26.3.27 rejects " + f.config + " (exit 23): Failed to start: main:")
                .endsWith("invalid \"shortIds\"");
    }

    @Test
    void anExitCodeOfZeroWithoutConfigurationOkIsNotAPass() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        Path xray = f.script("xray-silent", "exit 0\n");

        assertThat(XrayTestCheck.run(xray, f.config).status()).isEqualTo(Status.FAIL);
    }
}
