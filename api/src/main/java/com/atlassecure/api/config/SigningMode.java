package com.atlassecure.api.config;

import java.util.Locale;

/** Whether the API demands, accepts or ignores request signatures (design principle 10). */
public enum SigningMode {
    OFF,
    OPTIONAL,
    REQUIRED;

    static SigningMode parse(String raw) {
        try {
            return valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("API_SIGNING must be off, optional or required, got '" + raw + "'");
        }
    }
}
