package com.atlassecure.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.settings.AppEnv;
import com.atlassecure.contract.signing.ApiKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotConfigTest {
    static final String TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";
    static final String KEY = "k".repeat(40);

    static Map<String, String> prod() {
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", TOKEN);
        env.put("APP_ENV", "prod");
        env.put("PROD_XRAY_API_URL", "https://api.example.test");
        env.put("PROD_XRAY_API_KEY", KEY);
        return env;
    }

    @Test
    void prodReadsTheProdPairAndAppliesDefaults() {
        BotConfig config = BotConfig.fromEnv(prod());
        assertThat(config.appEnv()).isEqualTo(AppEnv.PROD);
        assertThat(config.nodes().get(0).url()).hasToString("https://api.example.test");
        assertThat(config.provisioningEnabled()).isTrue();
        assertThat(config.trialDays()).isEqualTo(3);
        assertThat(config.plans()).extracting(Plan::months).containsExactly(1, 3, 6, 12);
        assertThat(config.database().dialect()).isEqualTo(DatabaseSettings.Dialect.SQLITE);
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:sqlite:./data/atlas-bot.db");
        assertThat(config.telegramApiUrl()).hasToString("https://api.telegram.org");
        assertThat(config.webhookMode()).isFalse();
        assertThat(config.apiTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void stageAndDevReadTheirOwnPairsSoAStageBotNeverReachesProd() {
        Map<String, String> env = prod();
        env.put("APP_ENV", "stage");
        env.put("STAGE_XRAY_API_URL", "https://stage.example.test");
        env.put("STAGE_XRAY_API_KEY", "s".repeat(32));
        assertThat(BotConfig.fromEnv(env).nodes().get(0).url()).hasToString("https://stage.example.test");

        env.put("APP_ENV", "dev");
        env.put("XRAY_API_URL", "http://127.0.0.1:8080");
        env.put("XRAY_API_KEY", "d".repeat(32));
        BotConfig dev = BotConfig.fromEnv(env);
        assertThat(dev.nodes().get(0).url()).hasToString("http://127.0.0.1:8080");
        assertThat(dev.nodes().get(0).key()).isEqualTo("d".repeat(32));
    }

    @Test
    void apiTimeoutUsesTheSharedDurationRulesAndReportsAConfigException() {
        Map<String, String> env = prod();
        env.put("XRAY_API_TIMEOUT", "1500ms");
        assertThat(BotConfig.fromEnv(env).apiTimeout()).isEqualTo(Duration.ofMillis(1500));

        env.put("XRAY_API_TIMEOUT", "99999999999s");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("XRAY_API_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits),"
                        + " got '99999999999s'");
    }

    @Test
    void anUnknownAppEnvStopsTheBotInsteadOfMeaningProd() {
        Map<String, String> env = prod();
        env.put("APP_ENV", "prd");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage("APP_ENV must be prod, stage or dev, got 'prd'");
    }

    @Test
    void missingSettingIsNamed() {
        Map<String, String> env = prod();
        env.remove("PROD_XRAY_API_KEY");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROD_XRAY_API_KEY");
    }

    @Test
    void badTokenIsRejectedWithoutEchoingIt() {
        Map<String, String> env = prod();
        env.put("BOT_TOKEN", "not-a-token-but-a-secret-value");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .hasMessageContaining("BOT_TOKEN")
                .hasMessageNotContaining("not-a-token-but-a-secret-value");
    }

    @Test
    void toStringMasksEverySecret() {
        Map<String, String> env = prod();
        env.put("XRAY_API_SIGNING_SECRET", "z".repeat(40));
        env.put("WEBHOOK_URL", "https://bot.example.test/tg");
        env.put("WEBHOOK_SECRET", "w".repeat(32));
        env.put("DATABASE_URL", "postgres://atlas:hunter2pass@db.internal:5432/railway");
        String shown = BotConfig.fromEnv(env).toString();
        assertThat(shown)
                .doesNotContain(TOKEN)
                .doesNotContain("AAFakeToken")
                .doesNotContain(KEY)
                .doesNotContain("z".repeat(40))
                .doesNotContain("w".repeat(32))
                .doesNotContain("hunter2pass")
                .contains(ApiKeys.fingerprint(TOKEN));
    }

    @Test
    void railwayPostgresUrlBecomesJdbcWithSeparateCredentials() {
        DatabaseSettings db =
                DatabaseSettings.parse("postgres://atlas:p%40ss@db.internal:6543/railway?sslmode=require");
        assertThat(db.dialect()).isEqualTo(DatabaseSettings.Dialect.POSTGRESQL);
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/railway?sslmode=require");
        assertThat(db.user()).isEqualTo("atlas");
        assertThat(db.password()).isEqualTo("p@ss");
        assertThat(DatabaseSettings.parse("postgresql://u:p@h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void unknownDatabaseSchemeIsRefused() {
        assertThatThrownBy(() -> DatabaseSettings.parse("mysql://u:secretpw@h/db"))
                .hasMessageContaining("DATABASE_URL")
                .hasMessageNotContaining("secretpw");
    }

    @Test
    void provisioningSwitchIsReadInProd() {
        Map<String, String> env = prod();
        env.put("PROD_VPN_PROVISIONING_ENABLED", "false");
        assertThat(BotConfig.fromEnv(env).provisioningEnabled()).isFalse();
        env.put("PROD_VPN_PROVISIONING_ENABLED", "maybe");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("PROD_VPN_PROVISIONING_ENABLED");
    }

    @Test
    void plainHttpApiIsRefusedInProdExceptOnLoopback() {
        Map<String, String> env = prod();
        env.put("PROD_XRAY_API_URL", "http://api.example.test");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("https");
        env.put("PROD_XRAY_API_URL", "http://127.0.0.1:8080");
        assertThat(BotConfig.fromEnv(env).nodes().get(0).url().getPort()).isEqualTo(8080);
    }

    @Test
    void aPlanMayNameHowManyDevicesItsKeyMayUse() {
        Map<String, String> env = prod();
        env.put("PLANS", "1:100:3, 3:270");
        assertThat(BotConfig.fromEnv(env).plans()).containsExactly(new Plan(1, 100, 3), new Plan(3, 270, null));
        for (String bad : List.of("1:100:0", "1:100:101", "1:100:x", "1:100:3:4")) {
            env.put("PLANS", bad);
            assertThatThrownBy(() -> BotConfig.fromEnv(env))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("PLANS");
        }
    }

    @Test
    void plansAdminsAndTrialAreParsed() {
        Map<String, String> env = prod();
        env.put("PLANS", "12:900, 1:99");
        env.put("ADMIN_IDS", "42, 7");
        env.put("TRIAL_DAYS", "0");
        BotConfig config = BotConfig.fromEnv(env);
        assertThat(config.plans()).containsExactly(new Plan(1, 99), new Plan(12, 900));
        assertThat(config.plan("m12").days()).isEqualTo(360);
        assertThat(config.adminIds()).containsExactlyInAnyOrder(42L, 7L);
        assertThat(config.trialDays()).isZero();
        env.put("PLANS", "1:99,1:100");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("twice");
        env.put("PLANS", "1:99");
        env.put("ADMIN_IDS", "42,bob");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .hasMessageContaining("ADMIN_IDS")
                .hasMessageContaining("bob");
    }

    @Test
    void webhookNeedsASecretAndHttps() {
        Map<String, String> env = prod();
        env.put("WEBHOOK_URL", "https://bot.example.test/telegram");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("WEBHOOK_SECRET");
        env.put("WEBHOOK_SECRET", "short");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("WEBHOOK_SECRET");
        env.put("WEBHOOK_SECRET", "a-long-enough-secret_123");
        env.put("PORT", "9000");
        BotConfig config = BotConfig.fromEnv(env);
        assertThat(config.webhook().path()).isEqualTo("/telegram");
        assertThat(config.webhook().listenPort()).isEqualTo(9000);
        env.put("WEBHOOK_URL", "http://bot.example.test/telegram");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("https");
    }

    @Test
    void telegramApiUrlCanPointAtALocalServer() {
        Map<String, String> env = prod();
        env.put("TELEGRAM_API_URL", "http://127.0.0.1:8081");
        assertThat(BotConfig.fromEnv(env).telegramApiUrl().getPort()).isEqualTo(8081);
        assertThat(List.of(BotConfig.DEFAULT_PLANS.get(0).days())).containsExactly(30);
    }

    @Test
    void plainHttpTelegramApiUrlIsRefusedUnlessTheHostIsLoopback() {
        Map<String, String> env = prod();
        env.put("TELEGRAM_API_URL", "http://telegram-proxy.example.test");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .hasMessageContaining("TELEGRAM_API_URL")
                .hasMessageContaining("https")
                .hasMessageContaining("http://telegram-proxy.example.test");
        env.put("TELEGRAM_API_URL", "http://127.attacker.example.test");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("TELEGRAM_API_URL");
        env.put("TELEGRAM_API_URL", "http://localhost:8081");
        assertThat(BotConfig.fromEnv(env).telegramApiUrl().getHost()).isEqualTo("localhost");
        env.put("TELEGRAM_API_URL", "https://telegram-proxy.example.test");
        assertThat(BotConfig.fromEnv(env).telegramApiUrl().getScheme()).isEqualTo("https");
    }

    static Map<String, String> prodWithNodes(String nodesJson) {
        Map<String, String> env = prod();
        env.remove("PROD_XRAY_API_URL");
        env.remove("PROD_XRAY_API_KEY");
        env.put("PROD_XRAY_API_NODES", nodesJson);
        return env;
    }

    static String node(String name, String url) {
        return node(name, url, KEY, "s".repeat(40));
    }

    static String node(String name, String url, String key, String secret) {
        return "{\"name\":\"" + name + "\",\"country\":\"DE\",\"url\":\"" + url + "\",\"key\":\"" + key
                + "\",\"signing_secret\":\"" + secret + "\"}";
    }

    @Test
    void aNodeListOfOneIsTheApiTheBotProvisionsOn() {
        BotConfig config = BotConfig.fromEnv(prodWithNodes("[" + node("de-1", "https://de1.example.test") + "]"));

        assertThat(config.nodes().get(0).url()).hasToString("https://de1.example.test");
        assertThat(config.nodes().get(0).key()).isEqualTo(KEY);
        assertThat(config.nodes().get(0).signingSecret())
                .isEqualTo("s".repeat(40).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(config.toString()).doesNotContain(KEY);
    }

    @Test
    void aNodeListOfSeveralIsTheFleetInTheOrderListedAndTheLegacyPairIsANodeNamedMain() {
        Map<String, String> env = prodWithNodes("[" + node("de-1", "https://de1.example.test") + ","
                + node("nl-1", "https://nl1.example.test", "n".repeat(40), "t".repeat(40)) + "]");

        BotConfig config = BotConfig.fromEnv(env);

        assertThat(config.nodes()).extracting(ApiEndpoint::node).containsExactly("de-1", "nl-1");
        assertThat(config.nodes())
                .extracting(n -> n.url().toString())
                .containsExactly("https://de1.example.test", "https://nl1.example.test");
        assertThat(config.toString())
                .doesNotContain(KEY)
                .doesNotContain("s".repeat(40))
                .doesNotContain("n".repeat(40));
        assertThat(BotConfig.fromEnv(prod()).nodes())
                .extracting(ApiEndpoint::node, ApiEndpoint::country)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main", "ZZ"));
        assertThat(config.drainGrace()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aDrainGraceThatIsNotADurationIsRefusedNamingTheVariable() {
        Map<String, String> env = prod();
        env.put("NODE_DRAIN_GRACE", "soon");

        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NODE_DRAIN_GRACE");
        env.put("NODE_DRAIN_GRACE", "2h");
        assertThat(BotConfig.fromEnv(env).drainGrace()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aNodeListBesideTheOldPairIsRefusedSoOnlyOneSaysWhereTheApiIs() {
        Map<String, String> env = prodWithNodes("[" + node("de-1", "https://de1.example.test") + "]");
        env.put("PROD_XRAY_API_URL", "https://api.example.test");

        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROD_XRAY_API_NODES and PROD_XRAY_API_URL are both set");
    }

    @Test
    void aBadNodeListIsRefusedWithTheSharedRulesWords() {
        assertThatThrownBy(() -> BotConfig.fromEnv(prodWithNodes("[" + node("de-1", "http://de1.example.test") + "]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROD_XRAY_API_NODES node 'de-1': url must use https in prod");
    }

    @Test
    void subscriptionUrlsAreOffUntilAPublicOriginIsKnown() {
        assertThat(BotConfig.fromEnv(prod()).subscription().enabled()).isFalse();

        Map<String, String> env = prod();
        env.put("SUBSCRIPTION_BASE_URL", "https://sub.example.test/");
        SubscriptionSettings on = BotConfig.fromEnv(env).subscription();
        assertThat(on.url("tok")).isEqualTo("https://sub.example.test/sub/tok");
        assertThat(on.listenHost()).isEqualTo("0.0.0.0");
        assertThat(on.listenPort()).isEqualTo(8080);
        assertThat(on.miniAppPossible()).isTrue();
        assertThat(on.perIpPerMinute()).isEqualTo(60);
        assertThat(on.updateIntervalHours()).isEqualTo(12);
    }

    @Test
    void aWebhookBotServesSubscriptionsOnItsOwnOriginAndListener() {
        Map<String, String> env = prod();
        env.put("WEBHOOK_URL", "https://bot.example.test/telegram/hook");
        env.put("WEBHOOK_SECRET", "s".repeat(32));
        env.put("PORT", "9090");

        SubscriptionSettings settings = BotConfig.fromEnv(env).subscription();

        assertThat(settings.url("tok")).isEqualTo("https://bot.example.test/sub/tok");
        assertThat(settings.listenPort()).isEqualTo(9090);
        env.put("SUBSCRIPTION_LISTEN", "0.0.0.0:9191");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SUBSCRIPTION_LISTEN is for long-polling mode");
    }

    @Test
    void aSubscriptionOriginMustBeHttpsAndNothingButAnOrigin() {
        Map<String, String> env = prod();
        env.put("SUBSCRIPTION_BASE_URL", "http://sub.example.test");
        assertThatThrownBy(() -> BotConfig.fromEnv(env))
                .hasMessageContaining("must be https unless its host is loopback");
        env.put("SUBSCRIPTION_BASE_URL", "https://sub.example.test/path");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("must be an origin");
        env.put("SUBSCRIPTION_BASE_URL", "https://sub.example.test?x=1");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("must be an origin");
        env.put("SUBSCRIPTION_BASE_URL", "http://127.0.0.1:8080");
        assertThat(BotConfig.fromEnv(env).subscription().miniAppPossible()).isFalse();
        env.remove("SUBSCRIPTION_BASE_URL");
        env.put("SUBSCRIPTION_LISTEN", "127.0.0.1:9000");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("SUBSCRIPTION_BASE_URL is not");
        env.put("SUBSCRIPTION_BASE_URL", "https://sub.example.test");
        env.put("SUBSCRIPTION_RATE_PER_MINUTE", "0");
        assertThatThrownBy(() -> BotConfig.fromEnv(env)).hasMessageContaining("SUBSCRIPTION_RATE_PER_MINUTE");
    }
}
