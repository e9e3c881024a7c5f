package com.atlassecure.api.config;

import com.atlassecure.contract.settings.DurationSetting;
import com.atlassecure.contract.settings.InvalidSettingException;
import java.time.Duration;
import java.util.Map;

/** Typed reads of environment variables, each failure naming the variable and the value it held. */
final class Env {
    private final Map<String, String> env;

    Env(Map<String, String> env) {
        this.env = env;
    }

    String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String or(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    String required(String name, String why) {
        String value = optional(name);
        if (value == null) {
            throw new SettingsException(name + " is required: " + why);
        }
        return value;
    }

    int integer(String name, String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new SettingsException(name + " must be in [" + min + ", " + max + "], got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SettingsException(name + " must be an integer, got '" + raw + "'");
        }
    }

    boolean bool(String name, boolean fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new SettingsException(name + " must be true or false, got '" + value + "'");
        };
    }

    Duration duration(String name, Duration fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            return DurationSetting.parse(name, value);
        } catch (InvalidSettingException e) {
            throw new SettingsException(e.getMessage());
        }
    }
}
