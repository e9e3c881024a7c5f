package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.DoctorFixture.doctorJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.compat.Admission;
import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.api.xray.XrayVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * doctor's client predictions against the real binary under test. CI runs this once with Xray 26.3.27 and once with
 * 26.7.28 as XRAY_BIN, so both branches below run in every CI build: on 26.7.28 a config without minClientVer must
 * FAIL naming sing-box (which the bot recommends), on 26.3.27 it must not.
 */
class DoctorClientPredictionXrayIT {
    @TempDir
    Path dir;

    @Test
    void configWithoutMinClientVerFailsOnServersThatImplyOneAndNamesTheRefusedCores() throws Exception {
        Path xray = LocalXray.require();
        CoreVersion server =
                CoreVersion.ofXrayVersionLine(XrayVersion.of(xray.toString())).orElseThrow();
        DoctorFixture f = DoctorFixture.init(dir);
        String json = Files.readString(f.config);
        String unset = json.replaceFirst(",\\s*\"minClientVer\" : \"[0-9.]+\"", "");
        assertThat(unset).isNotEqualTo(json).doesNotContain("minClientVer");
        Files.writeString(f.config, unset);

        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString(), "--xray-bin", xray.toString()));

        assertThat(run.status(ClientChecks.MIN_CLIENT_VER_ID)).isEqualTo("WARN");
        assertThat(run.status("clients.xray-core")).isEqualTo("PASS");
        if (server.atLeast(Admission.IMPLICIT_MINIMUM_FROM)) {
            assertThat(run.status("clients.sing-box")).isEqualTo("FAIL");
            assertThat(run.reason("clients.sing-box"))
                    .contains("Xray " + server)
                    .contains("26.3.27")
                    .contains("Hiddify");
            assertThat(run.status("clients.mihomo")).isEqualTo("WARN");
            assertThat(run.exit()).isEqualTo(1);
        } else {
            assertThat(run.status("clients.sing-box")).isEqualTo("PASS");
            assertThat(run.status("clients.mihomo")).isEqualTo("PASS");
        }
    }

    @Test
    void configAsInitWritesItAdmitsEveryRecommendedCoreOnTheServerUnderTest() throws Exception {
        Path xray = LocalXray.require();
        DoctorFixture f = DoctorFixture.init(dir);

        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString(), "--xray-bin", xray.toString()));

        assertThat(run.status(ClientChecks.MIN_CLIENT_VER_ID)).isEqualTo("PASS");
        assertThat(run.reason(ClientChecks.MIN_CLIENT_VER_ID)).contains("1.8.1");
        assertThat(run.status("clients.xray-core")).isEqualTo("PASS");
        assertThat(run.status("clients.sing-box")).isEqualTo("PASS");
        assertThat(run.status("clients.mihomo")).isEqualTo("PASS");
    }
}
