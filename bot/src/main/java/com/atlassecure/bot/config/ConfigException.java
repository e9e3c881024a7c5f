package com.atlassecure.bot.config;

/** A setting is missing or wrong; the message names the setting and the value (masked when secret). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
