package com.atlassecure.contract.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one duration syntax of both processes' env: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601. */
public final class DurationSetting {
    /** At most 9 digits, so the number itself cannot overflow a long. */
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    /** The largest short form; an ISO value above it would overflow {@code toMillis()} where it is used. */
    private static final Duration MAX = Duration.ofHours(999_999_999);

    private static final String FORMS = "a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits)";

    private DurationSetting() {}

    /**
     * Parses {@code value} (surrounding blanks ignored) into a positive duration.
     *
     * @throws InvalidSettingException naming {@code name}, the value as given and the accepted forms
     */
    public static Duration parse(String name, String value) {
        String v = value == null ? "" : value.strip();
        Matcher m = SHORT.matcher(v);
        Duration parsed;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                // Duration.parse reports its own overflow as a DateTimeParseException, so nothing else escapes.
                parsed = Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new InvalidSettingException(name + " must be " + FORMS + ", got '" + value + "'");
            }
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new InvalidSettingException(name + " must be positive, got '" + value + "'");
        }
        if (parsed.compareTo(MAX) > 0) {
            throw new InvalidSettingException(name + " must be at most 999999999h, got '" + value + "'");
        }
        return parsed;
    }
}
