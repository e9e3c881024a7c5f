package com.atlassecure.e2e.bot;

import com.atlassecure.api.App;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.Auth;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.e2e.InProcessApiSettings;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on loopback: per node a real xray with a REALITY inbound and a local target and the real API on a
 * fixed free port (so it can be stopped and started again at the same address), the fake Bot API, and the bot
 * configured from env exactly as in production. Requests are signed, as production runs them. One node is configured
 * the old way (a node named main); several are listed in XRAY_API_NODES, each with its own key and signing secret.
 */
final class RealSystem implements AutoCloseable {
    static final String API_KEY = "e2e-api-key-0123456789abcdef0123456789ab";
    static final String SIGNING_SECRET = "e2e-signing-secret-0123456789abcdef01";
    static final String BOT_TOKEN = "123456789:AAE2eTokenNeverReal_0123456789abcd";
    static final long ADMIN = 900_001;

    /** One VPN server: its xray and its API, with credentials of its own. */
    static final class Node implements AutoCloseable {
        final String name;
        final String apiKey;
        final String signingSecret;
        final RealityTarget target = RealityTarget.start();
        final TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
        final String shortId = TestRealityKeys.newShortId();
        final RealityServerConfig serverConfig;
        final XrayProcess xray;
        final Path apiData;
        final int apiPort = FreePorts.loopbackPort();
        final ApiSettings settings;
        private App api;

        Node(XrayBinary binary, String name, String apiKey, String signingSecret) {
            this.name = name;
            this.apiKey = apiKey;
            this.signingSecret = signingSecret;
            serverConfig = RealityServerConfig.builder().reality(target, keys).shortIds(shortId);
            xray = XrayProcess.create(binary, serverConfig.build()).start();
            try {
                apiData = Files.createTempDirectory("e2e-api-" + name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings = InProcessApiSettings.of(
                    binary,
                    xray,
                    serverConfig,
                    keys.publicKey(),
                    shortId,
                    new Auth(apiKey, SigningMode.REQUIRED, signingSecret.getBytes(StandardCharsets.UTF_8)),
                    apiPort,
                    apiData);
            startApi();
        }

        String url() {
            return "http://127.0.0.1:" + apiPort;
        }

        void startApi() {
            api = InProcessApiSettings.start(settings, xray);
        }

        void stopApi() {
            api.close();
        }

        App api() {
            return api;
        }

        String json() {
            return "{\"name\":\"" + name + "\",\"country\":\"DE\",\"url\":\"" + url() + "\",\"key\":\"" + apiKey
                    + "\",\"signing_secret\":\"" + signingSecret + "\"}";
        }

        @Override
        public void close() {
            api.close();
            xray.close();
            target.close();
            delete(apiData);
        }
    }

    final List<Node> nodes = new ArrayList<>();
    final RealityTarget target;
    final TestRealityKeys.KeyPair keys;
    final String shortId;
    final RealityServerConfig serverConfig;
    final XrayProcess xray;
    final Path apiData;
    final int apiPort;
    final ApiSettings settings;
    final Path botData;
    final FakeBotApi telegram = FakeBotApi.start();
    private final BotApp bot;

    /** One node, configured with the old XRAY_API_URL + XRAY_API_KEY pair. */
    RealSystem(XrayBinary binary) {
        this(binary, 0);
    }

    /** {@code fleet} nodes named n1, n2, ... in XRAY_API_NODES; 0 for one node the old way. */
    RealSystem(XrayBinary binary, int fleet) {
        if (fleet == 0) {
            nodes.add(new Node(binary, "main", API_KEY, SIGNING_SECRET));
        }
        for (int i = 1; i <= fleet; i++) {
            nodes.add(new Node(binary, "n" + i, API_KEY.substring(0, 30) + "-n" + i, SIGNING_SECRET + "-n" + i));
        }
        Node first = nodes.get(0);
        target = first.target;
        keys = first.keys;
        shortId = first.shortId;
        serverConfig = first.serverConfig;
        xray = first.xray;
        apiData = first.apiData;
        apiPort = first.apiPort;
        settings = first.settings;
        try {
            botData = Files.createTempDirectory("e2e-bot");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", BOT_TOKEN);
        env.put("APP_ENV", "dev");
        if (fleet == 0) {
            env.put("XRAY_API_URL", first.url());
            env.put("XRAY_API_KEY", API_KEY);
            env.put("XRAY_API_SIGNING_SECRET", SIGNING_SECRET);
        } else {
            env.put(
                    com.atlassecure.contract.settings.AppEnv.DEV.nodesVariable(),
                    "[" + String.join(",", nodes.stream().map(Node::json).toList()) + "]");
        }
        env.put("XRAY_API_TIMEOUT", "3s");
        env.put("DATABASE_URL", "jdbc:sqlite:" + botData.resolve("bot.db"));
        env.put("ADMIN_IDS", Long.toString(ADMIN));
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        BotTimings timings = new BotTimings(
                Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(40), d -> Thread.sleep(d.toMillis()));
        bot = BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings);
    }

    void startApi() {
        nodes.get(0).startApi();
    }

    void stopApi() {
        nodes.get(0).stopApi();
    }

    BotApp bot() {
        return bot;
    }

    App api() {
        return nodes.get(0).api();
    }

    Node node(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        bot.close();
        nodes.forEach(Node::close);
        telegram.close();
        delete(botData);
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dirs: best effort
        }
    }
}
