package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each app's User-Agent, as the apps send it, gets the body that app imports. */
class ClientFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "v2rayNG/1.10.5 | BASE64",
                "v2rayN/7.12.5 | BASE64",
                "Happ/3.4.1 | BASE64",
                "Streisand/2.1 | BASE64",
                "Shadowrocket/2504 CFNetwork/3826.500.131 Darwin/24.5.0 | BASE64",
                "HiddifyNext/2.5.7 (android) like ClashMeta v2ray sing-box | SING_BOX",
                "HiddifyNextX/2.5.7 (windows) like ClashMeta v2ray sing-box | XRAY",
                "SFA/1.11.9 (Android 14; sing-box 1.11.9) | SING_BOX",
                "SFI/1.11.9 (iOS 18.1; sing-box 1.11.9) | SING_BOX",
                "sing-box 1.14.1 | SING_BOX",
                "ClashMeta/1.18.10 | CLASH",
                "clash-verge/v2.2.3 | CLASH",
                "mihomo/1.19.10 | CLASH",
                "Stash/2.4.7 Clash/1.9.0 | CLASH",
                "curl/8.5.0 | BASE64",
                "Mozilla/5.0 (X11; Linux x86_64) | BASE64"
            })
    void theUserAgentPicksTheAppsFormat(String userAgent, ClientFormat expected) {
        assertThat(ClientFormat.fromUserAgent(userAgent.strip())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "format={0} -> {1}")
    @CsvSource({
        "base64, BASE64",
        "sing-box, SING_BOX",
        "singbox, SING_BOX",
        "clash, CLASH",
        "Mihomo, CLASH",
        "xray, XRAY"
    })
    void theFormatParameterNamesAFormat(String parameter, ClientFormat expected) {
        assertThat(ClientFormat.fromParameter(parameter)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"json5", "v2", "''"})
    void anUnknownFormatParameterNamesNone(String parameter) {
        assertThat(ClientFormat.fromParameter(parameter)).isEqualTo(Optional.empty());
    }
}
