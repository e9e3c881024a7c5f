package com.atlassecure.api.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's settings, read from the environment once at start and validated, in seven small parts: who may call
 * ({@link Auth}), the HTTP edge ({@link Listen}), what links carry ({@link LinkExpectations}), how Xray is reached
 * ({@link XraySettings}), where state lives ({@link Storage}), the timers and the limits. The link settings
 * (XRAY_PORT, XRAY_SNI, XRAY_PUBLIC_KEY, XRAY_SHORT_ID) are expectations checked against the Xray config by
 * {@link InboundRules}; none of them has a default, because a silent default is how the audited system shipped port
 * 443. Immutable and thread-safe; {@link #toString} shows the key and secret only as fingerprints.
 */
public record ApiSettings(
        Auth auth,
        Listen listen,
        LinkExpectations link,
        XraySettings xray,
        Storage storage,
        Timers timers,
        Limits limits,
        DeviceLimitSettings devices) {

    /** Settings with the default device limits (tests and callers that predate them). */
    public ApiSettings(
            Auth auth,
            Listen listen,
            LinkExpectations link,
            XraySettings xray,
            Storage storage,
            Timers timers,
            Limits limits) {
        this(auth, listen, link, xray, storage, timers, limits, DeviceLimitSettings.DEFAULTS);
    }

    public static final int MIN_API_KEY_LENGTH = 32;
    /** API_MAX_EXPIRY_DAYS: a year of the longest default plan plus a renewal's overlap (L4 of the 2026-12 review). */
    public static final int DEFAULT_MAX_EXPIRY_DAYS = 1830;
    /** API_MAX_USERS: decision 0008 measured 100k active users inside the memory budget; this keeps headroom. */
    public static final int DEFAULT_MAX_USERS = 150_000;

    public static final String PRODUCTION_HOST = "vpn.mynewllcw.com";
    public static final int PRODUCTION_PORT = 4443;
    public static final String PRODUCTION_SNI = "www.microsoft.com";
    /** Failed authentications allowed per client address and minute (API_AUTH_FAILURES_PER_MINUTE default). */
    public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;

    private static final Logger log = LoggerFactory.getLogger(ApiSettings.class);

    /** Reads and validates every setting; throws {@link SettingsException} naming the first bad one. */
    public static ApiSettings fromEnv(Map<String, String> environment) {
        Env env = new Env(environment);
        String apiKey = env.required("XRAY_API_KEY", "the key the bot sends in X-API-Key");
        if (apiKey.length() < MIN_API_KEY_LENGTH) {
            throw new SettingsException("XRAY_API_KEY must be at least " + MIN_API_KEY_LENGTH + " characters, got "
                    + apiKey.length() + " (generate one with: openssl rand -hex 32)");
        }
        String host = env.optional("XRAY_SERVER_HOST");
        if (host == null && env.optional("XRAY_SERVER_IP") != null) {
            host = env.optional("XRAY_SERVER_IP");
            log.warn("event=deprecated_setting setting=XRAY_SERVER_IP replacement=XRAY_SERVER_HOST");
        }
        if (host == null) {
            throw new SettingsException(
                    "XRAY_SERVER_HOST is required: the host written into links, e.g. " + PRODUCTION_HOST);
        }
        String portRaw = env.required("XRAY_PORT", "the port the VLESS inbound listens on, e.g. " + PRODUCTION_PORT);
        int port = env.integer("XRAY_PORT", portRaw, 1, 65535);
        String sni = env.required("XRAY_SNI", "one of the inbound's realitySettings.serverNames");
        String publicKey = env.required("XRAY_PUBLIC_KEY", "derived from realitySettings.privateKey");
        String shortId = environment.containsKey("XRAY_SHORT_ID")
                ? environment.get("XRAY_SHORT_ID").strip()
                : env.required("XRAY_SHORT_ID", "one of the inbound's realitySettings.shortIds");

        SigningMode signing = SigningMode.parse(env.or("API_SIGNING", "off"));
        String secret = env.optional("XRAY_API_SIGNING_SECRET");
        if (signing != SigningMode.OFF && (secret == null || secret.length() < MIN_API_KEY_LENGTH)) {
            throw new SettingsException("API_SIGNING=" + signing.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs XRAY_API_SIGNING_SECRET of at least " + MIN_API_KEY_LENGTH + " characters, got "
                    + (secret == null ? "none" : secret.length() + " characters"));
        }
        if (secret != null && com.atlassecure.contract.signing.ApiKeys.constantTimeEquals(apiKey, secret)) {
            throw new SettingsException("XRAY_API_SIGNING_SECRET must differ from XRAY_API_KEY: the key crosses the"
                    + " proxy in every request, the secret never does");
        }
        HostPort listen = HostPort.parse("API_LISTEN", env.or("API_LISTEN", "127.0.0.1:8080"));
        String proxiesRaw = env.optional("API_TRUSTED_PROXIES");
        TrustedProxies proxies =
                proxiesRaw == null ? Listen.defaultTrustedProxies(listen.host()) : TrustedProxies.parse(proxiesRaw);
        String grpc = env.or("XRAY_GRPC_ADDRESS", "127.0.0.1:10085");
        HostPort.parse("XRAY_GRPC_ADDRESS", grpc);
        boolean expectProduction = env.bool("API_EXPECT_PRODUCTION", false);
        if (expectProduction) {
            requireProduction("XRAY_SERVER_HOST", host, PRODUCTION_HOST);
            requireProduction("XRAY_PORT", String.valueOf(port), String.valueOf(PRODUCTION_PORT));
            requireProduction("XRAY_SNI", sni, PRODUCTION_SNI);
            if (signing != SigningMode.REQUIRED) {
                throw new SettingsException("API_EXPECT_PRODUCTION=true requires API_SIGNING=required, got "
                        + signing.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        // Read in the order they always were, so the first bad setting named stays the same.
        XraySettings xray = new XraySettings(
                Path.of(env.or("XRAY_CONFIG_PATH", "/usr/local/etc/xray/config.json")),
                env.optional("XRAY_INBOUND_TAG"),
                grpc,
                env.or("XRAY_BIN", "xray"));
        LinkExpectations link = new LinkExpectations(
                host,
                port,
                sni,
                publicKey,
                shortId,
                env.or("XRAY_FP", "chrome"),
                env.or("LINK_REMARK", "AtlasSecure"),
                expectProduction);
        Auth auth = new Auth(apiKey, signing, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
        Storage storage = new Storage(Path.of(env.or("API_DATA_DIR", "/var/lib/atlas-api")));
        int maxBodyBytes = env.integer("API_MAX_BODY_BYTES", env.or("API_MAX_BODY_BYTES", "16384"), 256, 1 << 20);
        int ratePerMinute =
                env.integer("API_RATE_LIMIT_PER_MINUTE", env.or("API_RATE_LIMIT_PER_MINUTE", "600"), 1, 1_000_000);
        Timers timers = new Timers(
                env.duration("EXPIRY_SWEEP_INTERVAL", Duration.ofSeconds(30)),
                env.duration("RECONCILE_INTERVAL", Duration.ofSeconds(60)),
                env.duration("CONFIG_RENDER_DELAY", Duration.ofSeconds(1)));
        Limits limits = new Limits(
                // Up to ten years: beyond that a horizon no longer limits anything a leaked key could grant.
                env.integer(
                        "API_MAX_EXPIRY_DAYS",
                        env.or("API_MAX_EXPIRY_DAYS", String.valueOf(DEFAULT_MAX_EXPIRY_DAYS)),
                        1,
                        3650),
                env.integer("API_MAX_USERS", env.or("API_MAX_USERS", String.valueOf(DEFAULT_MAX_USERS)), 1, 1_000_000),
                // The largest share of active users one expiry sweep may remove without an operator raising it.
                env.integer("EXPIRY_SWEEP_MAX_PERCENT", env.or("EXPIRY_SWEEP_MAX_PERCENT", "10"), 1, 100));
        Listen edge = new Listen(
                listen.host(),
                listen.port(),
                proxies,
                maxBodyBytes,
                ratePerMinute,
                env.integer(
                        "API_AUTH_FAILURES_PER_MINUTE",
                        env.or("API_AUTH_FAILURES_PER_MINUTE", String.valueOf(DEFAULT_AUTH_FAILURES_PER_MINUTE)),
                        1,
                        1_000_000));
        return new ApiSettings(auth, edge, link, xray, storage, timers, limits, DeviceLimitSettings.fromEnv(env));
    }

    private static void requireProduction(String setting, String actual, String production) {
        if (!production.equals(actual)) {
            throw new SettingsException(
                    "API_EXPECT_PRODUCTION=true but " + setting + "=" + actual + " (production is " + production + ")");
        }
    }
}
