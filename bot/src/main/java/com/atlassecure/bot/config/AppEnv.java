package com.atlassecure.bot.config;

import java.util.Locale;

/** Which API the bot talks to; each environment reads its own URL/key pair so a stage bot never hits prod. */
public enum AppEnv {
    PROD("PROD_XRAY_API_URL", "PROD_XRAY_API_KEY"),
    STAGE("STAGE_XRAY_API_URL", "STAGE_XRAY_API_KEY"),
    DEV("XRAY_API_URL", "XRAY_API_KEY");

    private final String urlVariable;
    private final String keyVariable;

    AppEnv(String urlVariable, String keyVariable) {
        this.urlVariable = urlVariable;
        this.keyVariable = keyVariable;
    }

    public String urlVariable() {
        return urlVariable;
    }

    public String keyVariable() {
        return keyVariable;
    }

    static AppEnv parse(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "prod", "production" -> PROD;
            case "stage", "staging" -> STAGE;
            case "dev", "development", "local" -> DEV;
            default -> throw new ConfigException("APP_ENV must be prod, stage or dev, got '" + raw + "'");
        };
    }
}
