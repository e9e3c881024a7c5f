package com.atlassecure.api.config;

import java.time.Duration;

/**
 * How the node enforces device limits (decision 0025): the limit for a key whose add-user named none, how long an
 * address over the limit stays blocked, how often the online addresses are checked, and the blackhole outbound the
 * block rules point at.
 */
public record DeviceLimitSettings(int defaultLimit, Duration cooldown, Duration checkInterval, String blockOutbound) {
    /**
     * DEVICE_LIMIT_DEFAULT: generous on purpose. A phone, a laptop and a TV at once, plus a phone that changed
     * network (its old address lingers until its last connection ends); a household behind one address counts once.
     */
    public static final int DEFAULT_LIMIT = 5;

    public static final DeviceLimitSettings DEFAULTS =
            new DeviceLimitSettings(DEFAULT_LIMIT, Duration.ofMinutes(10), Duration.ofSeconds(3), "block");

    public DeviceLimitSettings {
        if (defaultLimit < 1) {
            throw new SettingsException("DEVICE_LIMIT_DEFAULT must be at least 1, got " + defaultLimit);
        }
        if (cooldown.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new SettingsException("DEVICE_BLOCK_COOLDOWN must be at least 10s, got " + cooldown);
        }
        if (checkInterval.compareTo(Duration.ofMillis(200)) < 0 || checkInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new SettingsException("DEVICE_CHECK_INTERVAL must be between 200ms and 1m, got " + checkInterval);
        }
        if (blockOutbound == null || blockOutbound.isBlank()) {
            throw new SettingsException("DEVICE_BLOCK_OUTBOUND must name the config's blackhole outbound tag");
        }
    }

    static DeviceLimitSettings fromEnv(Env env) {
        return new DeviceLimitSettings(
                env.integer(
                        "DEVICE_LIMIT_DEFAULT",
                        env.or("DEVICE_LIMIT_DEFAULT", String.valueOf(DEFAULT_LIMIT)),
                        1,
                        com.atlassecure.contract.validation.DeviceLimits.MAX),
                env.duration("DEVICE_BLOCK_COOLDOWN", DEFAULTS.cooldown()),
                env.duration("DEVICE_CHECK_INTERVAL", DEFAULTS.checkInterval()),
                env.or("DEVICE_BLOCK_OUTBOUND", DEFAULTS.blockOutbound()));
    }
}
