package com.atlassecure.api.config;

/** A setting is missing or wrong; the message names the setting and the value it had (never a secret). */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
