package com.atlassecure.api.doctor;

import com.atlassecure.api.config.RetiredSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds values the audit found wrong in the old example env (3.4) or stale (2): port 443, the www.cloudflare.com SNI,
 * the server's raw IP, and the retired myvpncloud domain; and variables the API no longer reads
 * ({@link RetiredSettings}). Secret-looking variables are named, never shown.
 */
final class EnvLeftovers {
    private static final List<String> STALE_TEXT = List.of("www.cloudflare.com", "172.86.67.9", "myvpncloud");

    private EnvLeftovers() {}

    static CheckResult check(String id, Map<String, String> env) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (name.endsWith("XRAY_PORT") && value.equals("443")) {
                found.add(name + "=443");
            }
            for (String stale : STALE_TEXT) {
                if (value.toLowerCase(Locale.ROOT).contains(stale)) {
                    found.add(isSecretName(name) ? name + " (contains " + stale + ")" : name + "=" + value);
                }
            }
        }
        for (String retired : RetiredSettings.presentIn(env)) {
            found.add(retired + " (no longer read: " + RetiredSettings.NAMES.get(retired) + ")");
        }
        return CheckResult.of(
                id,
                Category.CONFIG_ENV_HYGIENE,
                found.isEmpty(),
                "no port 443, www.cloudflare.com, 172.86.67.9 or myvpncloud leftovers, no retired variables",
                "leftovers of the audited example env or retired variables: " + String.join(", ", found));
    }

    static boolean isSecretName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.contains("KEY") || n.contains("SECRET") || n.contains("TOKEN") || n.contains("PASSWORD");
    }
}
