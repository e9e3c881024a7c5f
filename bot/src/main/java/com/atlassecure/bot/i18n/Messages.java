package com.atlassecure.bot.i18n;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.TimeZone;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every text the bot sends, in English and Russian, formatted with ICU {@code MessageFormat} so plurals come out
 * right in both ("1 day / 2 days", "1 день / 2 дня / 5 дней"). Arguments are named. Thread-safe: formats are built
 * per call.
 */
public final class Messages {
    private final Map<Language, Properties> bundles = new EnumMap<>(Language.class);

    private Messages() {
        for (Language language : Language.values()) {
            bundles.put(language, load("/i18n/messages_" + language.code() + ".properties"));
        }
    }

    public static Messages load() {
        return new Messages();
    }

    /** The text for {@code key} with named arguments given as alternating name/value pairs. */
    public String get(Language language, String key, Object... namedArgs) {
        String pattern = bundles.get(language).getProperty(key);
        if (pattern == null) {
            pattern = bundles.get(Language.EN).getProperty(key);
        }
        if (pattern == null) {
            throw new IllegalArgumentException("no message '" + key + "' in any language");
        }
        if (namedArgs.length % 2 != 0) {
            throw new IllegalArgumentException("arguments for '" + key + "' must be name/value pairs");
        }
        Map<String, Object> args = new java.util.HashMap<>();
        for (int i = 0; i < namedArgs.length; i += 2) {
            Object value = namedArgs[i + 1];
            args.put((String) namedArgs[i], value instanceof Instant instant ? date(language, instant) : value);
        }
        return new MessageFormat(pattern, language.locale()).format(args);
    }

    /** A date the way a customer in that language writes it, in UTC (the bot serves several time zones). */
    public String date(Language language, Instant instant) {
        DateFormat format = DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.SHORT, language.locale());
        format.setTimeZone(TimeZone.GMT_ZONE);
        return format.format(Date.from(instant)) + " UTC";
    }

    /** Keys present in one language and missing in another; a test keeps this empty. */
    public Set<String> missingKeys() {
        Set<String> all = new TreeSet<>();
        bundles.values().forEach(p -> all.addAll(p.stringPropertyNames()));
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<Language, Properties> e : bundles.entrySet()) {
            for (String key : all) {
                if (!e.getValue().containsKey(key)) {
                    missing.add(e.getKey().code() + ":" + key);
                }
            }
        }
        return missing;
    }

    public Set<String> keys(Language language) {
        return bundles.get(language).stringPropertyNames();
    }

    private static Properties load(String resource) {
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing message bundle " + resource);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
