package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {
    @Test
    void readsCommentsQuotesAndExportLikeSystemdAndRailway() {
        Map<String, String> env = EnvFile.parse(
                List.of(
                        "# production",
                        "",
                        "XRAY_PORT=4443",
                        "export XRAY_SNI=www.microsoft.com",
                        "LINK_REMARK=\"Atlas Secure\"",
                        "XRAY_SHORT_ID=''",
                        "APP_ENV=prod # inline comment",
                        "  XRAY_FP = chrome  "),
                "api.env");

        assertThat(env)
                .containsExactly(
                        Map.entry("XRAY_PORT", "4443"),
                        Map.entry("XRAY_SNI", "www.microsoft.com"),
                        Map.entry("LINK_REMARK", "Atlas Secure"),
                        Map.entry("XRAY_SHORT_ID", ""),
                        Map.entry("APP_ENV", "prod"),
                        Map.entry("XRAY_FP", "chrome"));
    }

    @Test
    void aLineThatIsNotAnAssignmentIsAnErrorThatShowsOnlyItsStart() {
        assertThatThrownBy(() -> EnvFile.parse(List.of("OK=1", "sk-live-abcdefghijklmnopqrstuvwxyz"), "bot.env"))
                .hasMessage("bot.env line 2 is not KEY=VALUE: 'sk-live-abcd…'");
    }
}
