package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.DoctorFixture.doctor;
import static com.atlassecure.api.doctor.DoctorFixture.doctorJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.reality.RealityKeys;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.contract.signing.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void aDeploymentMadeByInitPassesEveryCheckAndScoresFullMarks() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.idsWithStatus("FAIL")).isEmpty();
        assertThat(run.idsWithStatus("WARN")).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.json().at("/score/total").asInt()).isEqualTo(100);
        assertThat(run.json().at("/score/assessed_weight").asInt()).isEqualTo(100);
        assertThat(run.json().path("result").asText()).isEqualTo("PASS");
    }

    @Test
    void theTableNamesEveryCheckAndEndsWithTheScore() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.Run run = doctor(f.fullArgs());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("PASS   API Xray client config")
                .contains("config.flow")
                .contains("Bot architecture                 25/25")
                .contains("Score: 100/100 over the assessed weight 100 of 100")
                .contains("Result: PASS");
    }

    @Test
    void aConfigMadeForLocalTestingWithoutThePrivateRangeRuleFails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir, "--allow-private-destinations");
        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString()));

        assertThat(run.status("config.private-ranges")).isEqualTo("FAIL");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aConfigWithoutRoutingServiceWarnsThatDeviceLimitsAreNotEnforced() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        String config = Files.readString(f.config);
        assertThat(config).contains("\"RoutingService\"");
        Files.writeString(
                f.config, config.replace(", \"RoutingService\"", "").replace(",\n    \"RoutingService\"", ""));
        assertThat(Files.readString(f.config)).doesNotContain("RoutingService");

        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString()));

        assertThat(run.status("config.device-limit")).isEqualTo("WARN");
        assertThat(run.reason("config.device-limit")).contains("RoutingService").contains("not enforced");
    }

    @Test
    void anInboundOnPort443Fails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir, "--port", "443");
        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString()));

        assertThat(run.status("config.port")).isEqualTo("FAIL");
        assertThat(run.reason("config.port")).isEqualTo("inbound 'vless-reality' listens on 443, production is 4443");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aClientWithoutFlowFailsAndIsNamedByEmailAndShortUuid() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        XrayConfig config = XrayConfig.load(f.config);
        Files.write(
                f.config,
                config.withClients(
                        "vless-reality",
                        List.of(
                                ClientEntry.vision(DoctorFixture.UUID, "user_1001", null),
                                new ClientEntry(
                                        "4f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
                                        "user_recovered_4f1b2c4d",
                                        null,
                                        0,
                                        1_900_000_000_000L))));
        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString()));

        assertThat(run.status("config.flow")).isEqualTo("FAIL");
        assertThat(run.reason("config.flow"))
                .startsWith("1 of 2 clients lack flow xtls-rprx-vision")
                .endsWith(": user_recovered_4f1b2c4d (4f1b2c4d)")
                .doesNotContain("user_1001");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void anSniOutsideServerNamesFailsInTheEnvAndTheLink() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.apiEnv.put("XRAY_SNI", "vpn.mynewllcw.com");
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.status("api-env.sni")).isEqualTo("FAIL");
        assertThat(run.reason("api-env.sni"))
                .isEqualTo("XRAY_SNI=vpn.mynewllcw.com is not in realitySettings.serverNames [www.microsoft.com]"
                        + " of the inbound 'vless-reality'");
        assertThat(run.status("link.sni")).isEqualTo("FAIL");
        assertThat(run.status("api-env.startup")).isEqualTo("FAIL");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aPublicKeyThatDoesNotMatchThePrivateKeyFails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        String stale = RealityKeys.generate().publicKey();
        String real = f.apiEnv.get("XRAY_PUBLIC_KEY");
        f.apiEnv.put("XRAY_PUBLIC_KEY", stale);
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.status("api-env.public-key")).isEqualTo("FAIL");
        assertThat(run.reason("api-env.public-key"))
                .isEqualTo("XRAY_PUBLIC_KEY=" + stale + " but the privateKey of the inbound 'vless-reality' gives "
                        + real);
        assertThat(run.status("link.pbk")).isEqualTo("FAIL");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void theAuditedExampleEnvFailsOnHostPortSniKeyAndShortId() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        Map<String, String> audited = Map.of(
                "XRAY_API_KEY", DoctorFixture.API_KEY,
                "XRAY_SERVER_IP", "172.86.67.9",
                "XRAY_PORT", "443",
                "XRAY_SNI", "www.cloudflare.com",
                "XRAY_PUBLIC_KEY", "fDixPEehAKSEsRGm5Q9HY-BNs9uMOGTgOwy6KK7dHjk",
                "XRAY_SHORT_ID", "a1b2c3d4");
        DoctorFixture.JsonRun run = doctorJson(List.of(
                "--config",
                f.config.toString(),
                "--api-env",
                f.write("audit.env", audited).toString()));

        assertThat(run.reason("api-env.host")).startsWith("XRAY_SERVER_IP=172.86.67.9 is an IP");
        assertThat(run.reason("api-env.port"))
                .isEqualTo("XRAY_PORT=443 but the inbound 'vless-reality' listens on 4443; links would carry the"
                        + " wrong port");
        assertThat(run.reason("api-env.sni")).startsWith("XRAY_SNI=www.cloudflare.com is not in");
        assertThat(run.reason("api-env.short-id")).startsWith("XRAY_SHORT_ID=a1b2c3d4 is not in");
        assertThat(run.reason("api-env.leftovers"))
                .contains("XRAY_PORT=443", "XRAY_SNI=www.cloudflare.com", "XRAY_SERVER_IP=172.86.67.9");
        for (String id : List.of(
                "api-env.host",
                "api-env.port",
                "api-env.sni",
                "api-env.public-key",
                "api-env.short-id",
                "api-env.leftovers",
                "api-env.startup")) {
            assertThat(run.status(id)).as(id).isEqualTo("FAIL");
        }
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void signingFailsWhenProductionIsNotRequiredOrTheSecretIsTheKey() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.apiEnv.put("API_EXPECT_PRODUCTION", "true");
        f.apiEnv.put("API_SIGNING", "optional");
        List<String> args = f.fullArgs();
        args.set(
                args.indexOf("--api-env") + 1, f.write("optional.env", f.apiEnv).toString());
        DoctorFixture.JsonRun optional = doctorJson(args);
        assertThat(optional.status("api-env.signing")).isEqualTo("FAIL");
        assertThat(optional.reason("api-env.signing"))
                .isEqualTo("API_EXPECT_PRODUCTION=true but API_SIGNING=optional: production requires"
                        + " API_SIGNING=required (serve refuses to start)");
        assertThat(optional.status("api-env.startup")).isEqualTo("FAIL");

        f.apiEnv.remove("API_EXPECT_PRODUCTION");
        f.apiEnv.put("API_SIGNING", "required");
        f.apiEnv.put("XRAY_API_SIGNING_SECRET", DoctorFixture.API_KEY);
        args.set(args.indexOf("--api-env") + 1, f.write("same.env", f.apiEnv).toString());
        DoctorFixture.JsonRun same = doctorJson(args);
        assertThat(same.status("api-env.signing")).isEqualTo("FAIL");
        assertThat(same.reason("api-env.signing"))
                .startsWith("XRAY_API_SIGNING_SECRET equals XRAY_API_KEY")
                .doesNotContain(DoctorFixture.API_KEY);
        assertThat(same.run().out()).doesNotContain(DoctorFixture.API_KEY);
    }

    @Test
    void aLinkIsHeldToTheProductionDomainWhenTheEnvNamesAnIp() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        List<String> args = withLink(f, f.link());
        f.apiEnv.put("XRAY_SERVER_HOST", "172.86.67.9");
        args.set(args.indexOf("--api-env") + 1, f.write("ip.env", f.apiEnv).toString());
        DoctorFixture.JsonRun run = doctorJson(args);

        assertThat(run.status("api-env.host")).isEqualTo("FAIL");
        assertThat(run.status("link.host")).isEqualTo("PASS");
        assertThat(run.reason("link.host")).isEqualTo("host vpn.mynewllcw.com");
    }

    @Test
    void aDomainHostNamedWithTheOldVariableOnlyWarns() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.apiEnv.put("XRAY_SERVER_IP", f.apiEnv.remove("XRAY_SERVER_HOST"));
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.status("api-env.host")).isEqualTo("WARN");
        assertThat(run.reason("api-env.host")).contains("deprecated");
        assertThat(run.status("api-env.startup")).isEqualTo("PASS");
        assertThat(run.exit()).isZero();
    }

    @Test
    void aBotEnvWithXrayPortFails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.botEnv.put("XRAY_PORT", "4443");
        f.botEnv.put("PROD_XRAY_SHORT_ID", "abcd");
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.status("bot-env.server-params")).isEqualTo("FAIL");
        assertThat(run.reason("bot-env.server-params")).startsWith("bot env sets PROD_XRAY_SHORT_ID, XRAY_PORT:");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aBotEnvWithoutTheApiUrlOrWithAnotherKeyFails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.botEnv.remove("PROD_XRAY_API_URL");
        f.botEnv.put("PROD_XRAY_API_KEY", "x".repeat(40));
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.reason("bot-env.api-url"))
                .isEqualTo("PROD_XRAY_API_URL is not set: the bot cannot reach the API");
        assertThat(run.status("bot-env.same-key")).isEqualTo("FAIL");
        assertThat(run.reason("bot-env.same-key"))
                .contains(ApiKeys.fingerprint("x".repeat(40)), ApiKeys.fingerprint(DoctorFixture.API_KEY));
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void provisioningSwitchedOffAndAMissingAppEnvOnlyWarn() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.botEnv.remove("APP_ENV");
        f.botEnv.put("PROD_VPN_PROVISIONING_ENABLED", "false");
        DoctorFixture.JsonRun run = doctorJson(f.fullArgs());

        assertThat(run.status("bot-env.provisioning")).isEqualTo("WARN");
        assertThat(run.status("bot-env.app-env")).isEqualTo("WARN");
        assertThat(run.exit()).isZero();
        assertThat(run.json().at("/score/total").asInt()).isLessThan(100);
    }

    @Test
    void aLinkOnPort443Fails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        List<String> args = withLink(f, f.link().replace(":4443?", ":443?"));
        DoctorFixture.JsonRun run = doctorJson(args);

        assertThat(run.reason("link.port")).isEqualTo("link port 443 but the inbound 'vless-reality' listens on 4443");
        assertThat(run.status("link.port")).isEqualTo("FAIL");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aLinkWithoutFlowFails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(withLink(f, f.link().replace("&flow=xtls-rprx-vision", "")));

        assertThat(run.reason("link.flow")).isEqualTo("link has no flow, expected flow=xtls-rprx-vision");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aLinkWithAPrefixedUuidFailsAndTheRestIsStillChecked() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(withLink(f, f.link().replace("vless://", "vless://prod-")));

        assertThat(run.status("link.uuid")).isEqualTo("FAIL");
        assertThat(run.reason("link.uuid")).contains("prefix 'prod-'");
        assertThat(run.status("link.pbk")).isEqualTo("PASS");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aGrpcApiOpenToTheNetworkFails() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir, "--api-listen", "0.0.0.0:10085");
        DoctorFixture.JsonRun run = doctorJson(List.of("--config", f.config.toString()));

        assertThat(run.status("config.api-loopback")).isEqualTo("FAIL");
        assertThat(run.reason("config.api-loopback")).contains("0.0.0.0:10085");
    }

    @Test
    void aConfigThatIsNotJsonFailsToLoad() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{ \"inbounds\": [ ");
        DoctorFixture.JsonRun run = doctorJson(List.of("--config", config.toString()));

        assertThat(run.status("config.load")).isEqualTo("FAIL");
        assertThat(run.reason("config.load")).contains("is not valid JSON");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void categoriesWithoutInputsAreNotAssessedAndLeftOutOfTheScore() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(List.of(
                "--config",
                f.config.toString(),
                "--xray-bin",
                f.xrayThatAcceptsEverything().toString()));

        assertThat(run.json().at("/score/categories/0/assessed").asBoolean()).isFalse();
        assertThat(run.json().at("/score/categories/0/points").isNull()).isTrue();
        assertThat(run.json().at("/score/assessed_weight").asInt()).isEqualTo(15 + 15 + 10);
        assertThat(run.json().at("/score/total").asInt()).isEqualTo(100);
        assertThat(doctor(List.of("--config", f.config.toString())).out())
                .contains("Bot architecture                 not assessed (weight 25");
    }

    @Test
    void neverPrintsASecretOrTheLink() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        f.apiEnv.put("XRAY_API_KEY", "short-but-secret");
        List<String> args = f.fullArgs();
        String table = doctor(args).out();
        args.add("--json");
        String json = doctor(args).out();

        for (String output : List.of(table, json)) {
            assertThat(output)
                    .doesNotContain("short-but-secret")
                    .doesNotContain(DoctorFixture.API_KEY)
                    .doesNotContain(DoctorFixture.SIGNING_SECRET)
                    .doesNotContain(DoctorFixture.BOT_TOKEN)
                    .doesNotContain(f.privateKey)
                    .doesNotContain(DoctorFixture.UUID)
                    .contains(ApiKeys.fingerprint("short-but-secret"));
        }
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        DoctorFixture f = DoctorFixture.init(dir);
        assertThat(doctor(List.of()).exit()).isEqualTo(2);
        DoctorFixture.Run missingEnv = doctor(List.of(
                "--config",
                f.config.toString(),
                "--api-env",
                dir.resolve("nope.env").toString()));
        assertThat(missingEnv.exit()).isEqualTo(2);
        assertThat(missingEnv.err()).contains("--api-env").contains("nope.env");
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, DoctorFixture.API_KEY);
        DoctorFixture.Run bothKeys = doctor(List.of(
                "--config",
                f.config.toString(),
                "--api-url",
                "http://127.0.0.1:1",
                "--api-key",
                "a",
                "--api-key-file",
                keyFile.toString()));
        assertThat(bothKeys.exit()).isEqualTo(2);
        assertThat(doctor(List.of("--config", f.config.toString(), "--api-url", "ftp://x"))
                        .exit())
                .isEqualTo(2);
    }

    private static List<String> withLink(DoctorFixture f, String link) throws Exception {
        List<String> args = new ArrayList<>(f.fullArgs());
        args.set(args.indexOf("--link") + 1, link);
        return args;
    }
}
