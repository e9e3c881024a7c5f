package com.atlassecure.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asserts that captured log text holds none of the secrets design principle 9 keeps out of logs. */
final class LogSecrets {
    private static final Pattern FULL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private LogSecrets() {}

    /**
     * Fails naming the kind of leak and a short excerpt around it (never the whole secret's context dump). Callers
     * pass every secret of the run: the API key, the signing secret when there is one, and the REALITY private key
     * (finding L15).
     */
    static void assertClean(String logs, String... secrets) {
        assertThat(secrets).as("the secrets to look for").isNotEmpty().doesNotContainNull();
        assertThat(logs).as("the scan saw the product's log lines").contains("event=");
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            if (logs.contains(secret)) {
                leaks.add("a secret of length " + secret.length());
            }
        }
        Matcher uuid = FULL_UUID.matcher(logs);
        if (uuid.find()) {
            leaks.add("a full UUID after: " + logs.substring(Math.max(0, uuid.start() - 120), uuid.start()));
        }
        if (logs.contains("vless://")) {
            leaks.add("a vless link at offset " + logs.indexOf("vless://"));
        }
        assertThat(leaks).as("secrets in %d chars of logs", logs.length()).isEmpty();
    }
}
