package com.atlassecure.bot.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}). */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {}

    static Duration parse(String name, String raw) {
        String value = raw.strip();
        Matcher m = SHORT.matcher(value);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + " must look like 10s, 500ms or PT10S, got '" + raw + "'");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(name + " must be positive, got '" + raw + "'");
        }
        return d;
    }
}
