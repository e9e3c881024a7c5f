package com.atlassecure.api.support;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.Auth;
import com.atlassecure.api.config.DeviceLimitSettings;
import com.atlassecure.api.config.Limits;
import com.atlassecure.api.config.LinkExpectations;
import com.atlassecure.api.config.Listen;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.config.Storage;
import com.atlassecure.api.config.Timers;
import com.atlassecure.api.config.TrustedProxies;
import com.atlassecure.api.config.XraySettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link ApiSettings} for tests that start the API in code, set by name: each value has the default of an API on
 * loopback in front of a test Xray, and a test sets what it is about. The inbound's facts (config path, tag, gRPC
 * address, port, SNI, public key, short id) and the data dir have no default; {@link #build} refuses without them.
 */
public final class TestSettings {
    private String apiKey;
    private SigningMode signing = SigningMode.OFF;
    private byte[] signingSecret;
    private String listenHost = "127.0.0.1";
    private int listenPort;
    private TrustedProxies trustedProxies; // null: the default for the listen host, as fromEnv chooses it
    private int maxBodyBytes = 16_384;
    private int rateLimitPerMinute = 100_000;
    private int authFailuresPerMinute = ApiSettings.DEFAULT_AUTH_FAILURES_PER_MINUTE;
    private String serverHost = "127.0.0.1";
    private Integer port;
    private String sni;
    private String publicKey;
    private String shortId;
    private String fingerprint = "chrome";
    private String remark = "AtlasSecure";
    private Path configPath;
    private String inboundTag;
    private String grpcAddress;
    private String xrayBin = "/nonexistent/xray";
    private Path dataDir;
    private Duration expirySweepInterval = Duration.ofSeconds(30);
    private Duration reconcileInterval = Duration.ofSeconds(60);
    private Duration configRenderDelay = Duration.ofMillis(200);
    private int maxExpiryDays = ApiSettings.DEFAULT_MAX_EXPIRY_DAYS;
    private int maxUsers = ApiSettings.DEFAULT_MAX_USERS;
    private int expirySweepMaxPercent = 10;
    private DeviceLimitSettings devices = DeviceLimitSettings.DEFAULTS;

    private TestSettings() {}

    public TestSettings devices(DeviceLimitSettings value) {
        devices = value;
        return this;
    }

    public static TestSettings builder() {
        return new TestSettings();
    }

    public TestSettings apiKey(String value) {
        apiKey = value;
        return this;
    }

    /** The signing mode and its secret ({@code null} for none). */
    public TestSettings signing(SigningMode mode, byte[] secret) {
        signing = mode;
        signingSecret = secret;
        return this;
    }

    public TestSettings listenPort(int value) {
        listenPort = value;
        return this;
    }

    public TestSettings trustedProxies(TrustedProxies value) {
        trustedProxies = value;
        return this;
    }

    public TestSettings maxBodyBytes(int value) {
        maxBodyBytes = value;
        return this;
    }

    public TestSettings rateLimitPerMinute(int value) {
        rateLimitPerMinute = value;
        return this;
    }

    public TestSettings authFailuresPerMinute(int value) {
        authFailuresPerMinute = value;
        return this;
    }

    public TestSettings serverHost(String value) {
        serverHost = value;
        return this;
    }

    /** The port, SNI, public key and short id links carry, which the inbound must agree with. */
    public TestSettings port(int value) {
        port = value;
        return this;
    }

    public TestSettings sni(String value) {
        sni = value;
        return this;
    }

    public TestSettings publicKey(String value) {
        publicKey = value;
        return this;
    }

    public TestSettings shortId(String value) {
        shortId = value;
        return this;
    }

    public TestSettings remark(String value) {
        remark = value;
        return this;
    }

    public TestSettings configPath(Path value) {
        configPath = value;
        return this;
    }

    public TestSettings inboundTag(String value) {
        inboundTag = value;
        return this;
    }

    public TestSettings grpcAddress(String value) {
        grpcAddress = value;
        return this;
    }

    public TestSettings xrayBin(String value) {
        xrayBin = value;
        return this;
    }

    public TestSettings dataDir(Path value) {
        dataDir = value;
        return this;
    }

    public TestSettings configRenderDelay(Duration value) {
        configRenderDelay = value;
        return this;
    }

    public TestSettings expirySweepMaxPercent(int value) {
        expirySweepMaxPercent = value;
        return this;
    }

    public ApiSettings build() {
        for (Object required : new Object[] {apiKey, port, sni, publicKey, shortId, configPath, grpcAddress, dataDir}) {
            if (required == null) {
                throw new IllegalStateException("TestSettings needs the api key, the inbound's facts and a data dir");
            }
        }
        return new ApiSettings(
                new Auth(apiKey, signing, signingSecret),
                new Listen(
                        listenHost,
                        listenPort,
                        trustedProxies == null ? Listen.defaultTrustedProxies(listenHost) : trustedProxies,
                        maxBodyBytes,
                        rateLimitPerMinute,
                        authFailuresPerMinute),
                new LinkExpectations(serverHost, port, sni, publicKey, shortId, fingerprint, remark, false),
                new XraySettings(configPath, inboundTag, grpcAddress, xrayBin),
                new Storage(dataDir),
                new Timers(expirySweepInterval, reconcileInterval, configRenderDelay),
                new Limits(maxExpiryDays, maxUsers, expirySweepMaxPercent),
                devices);
    }
}
