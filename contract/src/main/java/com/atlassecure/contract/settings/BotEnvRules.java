package com.atlassecure.contract.settings;

import java.util.Locale;

/**
 * The bot's rules for its own env that the API's {@code doctor} also applies: how APP_ENV is read, which API
 * variables it names, and the provisioning switch. The bot's start-up and doctor both call these, so they cannot
 * disagree.
 */
public final class BotEnvRules {
    public static final String APP_ENV = "APP_ENV";
    public static final String PROVISIONING_SWITCH = "PROD_VPN_PROVISIONING_ENABLED";
    /** The bot refuses a shorter API key; the API asks the same of its own. */
    public static final int MIN_API_KEY_LENGTH = 32;

    private BotEnvRules() {}

    /**
     * The environment APP_ENV names. Unset ({@code null}) means prod; any other value must be a known name, so a
     * typo stops the bot instead of quietly pointing it at prod.
     *
     * @throws InvalidSettingException for a value that names no environment, blank included
     */
    public static AppEnv appEnv(String raw) {
        if (raw == null) {
            return AppEnv.PROD;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "prod", "production" -> AppEnv.PROD;
            case "stage", "staging" -> AppEnv.STAGE;
            case "dev", "development", "local" -> AppEnv.DEV;
            default -> throw new InvalidSettingException(APP_ENV + " must be prod, stage or dev, got '" + raw + "'");
        };
    }

    /**
     * Whether the bot provisions keys: always outside prod; in prod unless the switch is off. Unset or blank means on.
     *
     * @throws InvalidSettingException when the switch is set to something that is not a boolean word
     */
    public static boolean provisioningEnabled(AppEnv appEnv, String raw) {
        if (!appEnv.honoursProvisioningSwitch() || raw == null || raw.isBlank()) {
            return true;
        }
        String value = raw.strip();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default ->
                throw new InvalidSettingException(PROVISIONING_SWITCH + " must be true or false, got '" + value + "'");
        };
    }
}
