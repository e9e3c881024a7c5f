package com.atlassecure.e2e;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.testkit.api.ApiLauncher;
import com.atlassecure.testkit.api.ApiLauncher.CommandResult;
import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on loopback, started the way production starts it: {@code atlas-api init} writes the Xray config
 * (REALITY target: a local TLS 1.3 server), real xray runs it, the API runs from its jar in its own process with
 * signing required, and the bot runs against the fake Bot API on SQLite or PostgreSQL.
 *
 * <p>The bot runs in this JVM, through the same {@code BotConfig.fromEnv} and {@code BotApp.start} its {@code Main}
 * calls, because the journey needs to move its clock (a one-month plan expiring within seconds of real time) and
 * to shorten its reminder scan; its logs are captured by {@link CapturedLogs}. The API keeps the real clock: it
 * is the one that must expire the key, as it would in production.
 */
final class AtlasStack implements AutoCloseable {
    /** The production SNI; here a loopback target answers for it, so nothing leaves the machine. */
    static final String SNI = "www.microsoft.com";
    /** A name, not an IP: the doctor holds links to a domain (audit 3.4), and localhost resolves to loopback. */
    static final String LINK_HOST = "localhost";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a cold JVM on a loaded 2-core CI machine needs most of it. */
    private static final Duration API_READY_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration API_COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final XrayBinary xray;
    private final Path apiJar;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<String, String> commandOutputs = new LinkedHashMap<>();
    private final String apiKey = randomHex(32);
    private final String signingSecret = randomHex(32);
    private String realityPrivateKey;
    private final String botToken = (1_000_000_000L + RANDOM.nextInt(1_000_000_000)) + ":AA" + randomHex(17);
    private RealityTarget target;
    private XrayProcess server;
    private Map<String, String> apiEnv;
    private Path apiEnvFile;
    private RunningApi api;
    private URI apiBase;
    private SignedApiClient apiClient;
    private FakeBotApi telegram;
    private BotApp bot;
    private Consumer<ObjectNode> bend = config -> {};

    private AtlasStack(Path dir, XrayBinary xray) {
        this.dir = dir;
        this.xray = xray;
        this.apiJar = ApiJar.locate();
    }

    static AtlasStack start(XrayBinary xray, BotDatabase database, Path dir, Clock botClock) {
        return start(xray, database, dir, botClock, Map.of());
    }

    /** As {@link #start(XrayBinary, BotDatabase, Path, Clock)}, with more of the bot's settings (e.g. PLANS). */
    static AtlasStack start(
            XrayBinary xray, BotDatabase database, Path dir, Clock botClock, Map<String, String> botSettings) {
        AtlasStack stack = new AtlasStack(dir, xray);
        try {
            stack.startXray();
            stack.startApi();
            stack.startBot(database, botClock, botSettings);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Xray and the API only, no bot: for tests that drive the API's own endpoints (as the bot's outbox would) and
     * need nothing the bot adds.
     */
    static AtlasStack startWithoutBot(XrayBinary xray, Path dir) {
        return startWithoutBot(xray, dir, config -> {});
    }

    /**
     * Xray and the API only, with the config {@code init} wrote bent by {@code bend} before xray first reads it: for
     * experiments on one setting (the compatibility matrix's "minClientVer unset" rows).
     */
    static AtlasStack startWithoutBot(XrayBinary xray, Path dir, Consumer<ObjectNode> bend) {
        AtlasStack stack = new AtlasStack(dir, xray);
        stack.bend = bend;
        try {
            stack.startXray();
            stack.startApi();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startXray() {
        target = closeLater(RealityTarget.start(SNI));
        int inboundPort = FreePorts.loopbackPort();
        int grpcPort = FreePorts.loopbackPort();
        Path initDir = mkdirs(dir.resolve("init"));
        Path initConfig = initDir.resolve("config.json");
        Path initEnv = initDir.resolve("api.env");
        CommandResult init = runApi(
                "init",
                "--out",
                initConfig.toString(),
                "--env-out",
                initEnv.toString(),
                "--host",
                LINK_HOST,
                "--port",
                Integer.toString(inboundPort),
                "--sni",
                SNI,
                "--target",
                target.address(),
                "--api-listen",
                "127.0.0.1:" + grpcPort,
                "--allow-private-destinations");
        commandOutputs.put("atlas-api init", init.output());
        if (init.exitCode() != 0) {
            throw new IllegalStateException("atlas-api init exited " + init.exitCode() + ":\n" + init.output());
        }
        realityPrivateKey = privateKeyOf(read(initConfig));
        server = closeLater(
                XrayProcess.create(xray, loopbackOnly(read(initConfig))).start());
        apiEnv = new LinkedHashMap<>(EnvLines.parse(read(initEnv)));
        apiEnv.put("XRAY_CONFIG_PATH", server.configFile().toString());
    }

    private static String privateKeyOf(String config) {
        try {
            return JSON.readTree(config)
                    .at("/inbounds/0/streamSettings/realitySettings/privateKey")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException("atlas-api init wrote a config that is not JSON", e);
        }
    }

    // The reference config listens on 0.0.0.0, as a server must; a test machine keeps it on loopback. This is the
    // only change made to what init wrote.
    private String loopbackOnly(String config) {
        try {
            JsonNode root = JSON.readTree(config);
            for (JsonNode inbound : root.path("inbounds")) {
                ((ObjectNode) inbound).put("listen", "127.0.0.1");
            }
            bend.accept((ObjectNode) root);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("atlas-api init wrote a config that is not JSON", e);
        }
    }

    private void startApi() {
        int listenPort = FreePorts.loopbackPort();
        apiBase = URI.create("http://127.0.0.1:" + listenPort);
        apiEnv.put("XRAY_API_KEY", apiKey);
        apiEnv.put("API_LISTEN", "127.0.0.1:" + listenPort);
        apiEnv.put("API_SIGNING", "required");
        apiEnv.put("XRAY_API_SIGNING_SECRET", signingSecret);
        apiEnv.put("API_DATA_DIR", mkdirs(dir.resolve("api-data")).toString());
        apiEnv.put("XRAY_BIN", xray.path().toString());
        // Short enough that the journey waits seconds, not the production 30 s, for the sweep to remove a key.
        apiEnv.put("EXPIRY_SWEEP_INTERVAL", "2s");
        apiEnvFile = dir.resolve("api.env");
        writePrivate(apiEnvFile, EnvLines.render(apiEnv));
        launchApi();
        apiClient = new SignedApiClient(apiBase, apiKey, signingSecret);
    }

    private void launchApi() {
        api = closeLater(ApiLauncher.jar(apiJar)
                .cleanEnvironment()
                .env(apiEnv)
                .workDir(dir)
                .serve(
                        dir.resolve("atlas-api-serve-" + System.nanoTime() + ".log"),
                        apiBase,
                        API_READY_TIMEOUT,
                        RunningApi.Ready.HEALTHY));
    }

    /** Where the API answers: the URL a bot's node list names. */
    URI apiUrl() {
        return apiBase;
    }

    /** Kills the API process with SIGKILL, as a crash would; Xray keeps running. */
    void killApi() {
        api.kill9();
    }

    /** Starts the API again on the same address, data and settings, as systemd's restart would. */
    void restartApi() {
        launchApi();
    }

    private void startBot(BotDatabase database, Clock botClock, Map<String, String> botSettings) {
        telegram = closeLater(FakeBotApi.start());
        telegram.maxLongPoll(Duration.ofMillis(500));
        BotDatabase.Opened db = closeLater(database.open(dir));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BOT_TOKEN", botToken);
        env.put("APP_ENV", "prod");
        env.put("PROD_XRAY_API_URL", api.baseUrl().toString());
        env.put("PROD_XRAY_API_KEY", apiKey);
        env.put("XRAY_API_SIGNING_SECRET", signingSecret);
        env.put("DATABASE_URL", db.databaseUrl());
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        env.putAll(botSettings);
        BotTimings timings = new BotTimings(
                Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(40), d -> Thread.sleep(d.toMillis()));
        bot = closeLater(BotApp.start(BotConfig.fromEnv(env), botClock, timings));
    }

    /** Runs {@code atlas-api args} to completion from a systemd-like empty environment. */
    private CommandResult runApi(String... args) {
        return ApiLauncher.jar(apiJar)
                .cleanEnvironment()
                .workDir(dir)
                .run(dir.resolve("atlas-api-" + args[0] + "-" + System.nanoTime() + ".out"), API_COMMAND_TIMEOUT, args);
    }

    /** {@code atlas-api doctor} against the config, the API's env, the running API and a delivered link. */
    CommandResult doctor(String link) {
        ServerInbound inbound = inbound();
        CommandResult result = runApi(
                "doctor",
                "--config",
                server.configFile().toString(),
                "--api-env",
                apiEnvFile.toString(),
                "--api-url",
                api.baseUrl().toString(),
                "--link",
                link,
                "--xray-bin",
                xray.path().toString(),
                "--expect-host",
                LINK_HOST,
                "--expect-port",
                Integer.toString(inbound.port()),
                "--expect-sni",
                SNI);
        commandOutputs.put("atlas-api doctor", result.output());
        return result;
    }

    /** The xray config file the server runs (the API renders it). */
    Path xrayConfigFile() {
        return server.configFile();
    }

    /** {@code atlas-api doctor --config --xray-bin --json}, nothing else: what an operator runs on a candidate. */
    CommandResult doctorConfigOnly() {
        return runApi(
                "doctor",
                "--config",
                server.configFile().toString(),
                "--xray-bin",
                xray.path().toString(),
                "--expect-host",
                LINK_HOST,
                "--expect-port",
                Integer.toString(inbound().port()),
                "--json");
    }

    ServerInbound inbound() {
        return ServerInbound.read(server.configFile());
    }

    Map<String, String> clientFlowsOnDisk() {
        return ServerInbound.clientFlows(server.configFile());
    }

    long liveUsers() {
        return server.inboundUsersCount(inbound().tag());
    }

    SignedApiClient api() {
        return apiClient;
    }

    String apiEnv(String name) {
        return apiEnv.get(name);
    }

    FakeBotApi telegram() {
        return telegram;
    }

    /** The bot started in this JVM (null for a stack without one). */
    BotApp bot() {
        return bot;
    }

    String apiKey() {
        return apiKey;
    }

    String signingSecret() {
        return signingSecret;
    }

    /** The REALITY private key init wrote, the most valuable secret on the server, for the log scans (L15). */
    String realityPrivateKey() {
        return realityPrivateKey;
    }

    String botToken() {
        return botToken;
    }

    /** The API process's stdout and stderr so far (complete once the stack is closed). */
    String apiLog() {
        return api == null ? "" : api.logText();
    }

    /** Output of the one-shot commands (init, doctor), by command. */
    Map<String, String> commandOutputs() {
        return Map.copyOf(commandOutputs);
    }

    /** Stops the bot alone, as a crash or a deploy would, leaving Xray and the API serving. */
    void stopBot() {
        if (bot != null) {
            toClose.remove(bot);
            bot.close();
            bot = null;
        }
    }

    /** Stops everything, last started first, so the bot's and the API's shutdown logs are complete. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException(
                            "stopping " + toClose.get(i).getClass().getSimpleName(), e);
                }
            }
        }
        toClose.clear();
        if (first != null) {
            throw first;
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static Path mkdirs(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writePrivate(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
