package com.atlassecure.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/** KEY=VALUE env files, as systemd's EnvironmentFile and {@code atlas-api init --env-out} write them. */
final class EnvLines {
    private EnvLines() {}

    static Map<String, String> parse(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("env line is not KEY=VALUE: " + trimmed);
            }
            env.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
        }
        return env;
    }

    static String render(Map<String, String> env) {
        StringBuilder text = new StringBuilder();
        env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }
}
