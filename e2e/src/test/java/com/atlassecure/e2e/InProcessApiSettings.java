package com.atlassecure.e2e;

import com.atlassecure.api.App;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.Auth;
import com.atlassecure.api.config.Limits;
import com.atlassecure.api.config.LinkExpectations;
import com.atlassecure.api.config.Listen;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.config.Storage;
import com.atlassecure.api.config.Timers;
import com.atlassecure.api.config.TrustedProxies;
import com.atlassecure.api.config.XraySettings;
import com.atlassecure.api.sessions.SessionClosing;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.xray.GrpcXrayControl;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The settings of an API started in-process in front of a test Xray: links expect exactly what the inbound was
 * written with, everything listens on loopback, and the limits leave the journeys room. Who may call and where the
 * API listens differ per test and are passed in.
 */
public final class InProcessApiSettings {
    private InProcessApiSettings() {}

    /** Starts the API in-process with {@code settings}, on {@code xray}'s gRPC port, without session closing. */
    public static App start(ApiSettings settings, XrayProcess xray) {
        return App.start(
                settings,
                new GrpcXrayControl(xray.apiAddress(), Duration.ofSeconds(3)),
                Clock.systemUTC(),
                SessionClosing.off(RemovalListener.NONE));
    }

    /**
     * Starts the API in-process for a test that signs nothing: X-API-Key {@code apiKey} only, a free port, the data in
     * {@code dataDir}.
     */
    public static App startWithKey(
            XrayBinary binary,
            XrayProcess xray,
            RealityServerConfig server,
            TestRealityKeys.KeyPair keys,
            String shortId,
            String apiKey,
            Path dataDir)
            throws java.io.IOException {
        ApiSettings settings = of(
                binary,
                xray,
                server,
                keys.publicKey(),
                shortId,
                new Auth(apiKey, SigningMode.OFF, null),
                0,
                java.nio.file.Files.createDirectories(dataDir));
        return start(settings, xray);
    }

    public static ApiSettings of(
            XrayBinary binary,
            XrayProcess xray,
            RealityServerConfig server,
            String publicKey,
            String shortId,
            Auth auth,
            int listenPort,
            Path dataDir) {
        return new ApiSettings(
                auth,
                new Listen(
                        "127.0.0.1",
                        listenPort,
                        TrustedProxies.loopback(),
                        16_384,
                        100_000,
                        ApiSettings.DEFAULT_AUTH_FAILURES_PER_MINUTE),
                new LinkExpectations(
                        "127.0.0.1",
                        server.port(),
                        server.serverName(),
                        publicKey,
                        shortId,
                        "chrome",
                        "AtlasSecure",
                        false),
                new XraySettings(
                        xray.configFile(),
                        server.tag(),
                        xray.apiAddress(),
                        binary.path().toString()),
                new Storage(dataDir),
                new Timers(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(200)),
                new Limits(ApiSettings.DEFAULT_MAX_EXPIRY_DAYS, ApiSettings.DEFAULT_MAX_USERS, 10));
    }
}
