package com.atlassecure.api.config;

import com.atlassecure.contract.signing.ApiKeys;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who may call the API: the key the bot sends in X-API-Key, the request-signing mode and its secret. The secret is
 * copied in and out so no caller can change it, and {@link #toString} shows neither value (the key as its sha256
 * fingerprint), because the settings are logged at start.
 */
public record Auth(String apiKey, SigningMode signing, byte[] signingSecret) {

    public Auth {
        signingSecret = signingSecret == null ? null : signingSecret.clone();
    }

    @Override
    public byte[] signingSecret() {
        return signingSecret == null ? null : signingSecret.clone();
    }

    // A record compares arrays by identity; two settings with the same secret bytes are the same settings.
    @Override
    public boolean equals(Object o) {
        return o instanceof Auth other
                && apiKey.equals(other.apiKey)
                && signing == other.signing
                && Arrays.equals(signingSecret, other.signingSecret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiKey, signing) * 31 + Arrays.hashCode(signingSecret);
    }

    @Override
    public String toString() {
        return "Auth[apiKey=" + ApiKeys.fingerprint(apiKey) + ", signing=" + signing + ", signingSecret="
                + (signingSecret == null ? "none" : "set") + "]";
    }
}
