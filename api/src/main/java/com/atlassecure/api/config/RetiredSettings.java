package com.atlassecure.api.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Variables the API once read and now ignores, each with why. Serve warns when one is still set and doctor lists
 * it as a leftover, so an operator's old env neither breaks start-up nor looks as if it still did something.
 */
public final class RetiredSettings {
    private static final Logger log = LoggerFactory.getLogger(RetiredSettings.class);
    private static final String NO_RESTART = "the API never restarts Xray (decision 0019)";

    /** Retired name to why it went, sorted by name. */
    public static final Map<String, String> NAMES = Collections.unmodifiableSortedMap(
            new TreeMap<>(Map.of("XRAY_RESTART_COMMAND", NO_RESTART, "XRAY_RESTART_TIMEOUT", NO_RESTART)));

    private RetiredSettings() {}

    /** The retired names set in {@code env}, sorted. */
    public static List<String> presentIn(Map<String, String> env) {
        return NAMES.keySet().stream().filter(env::containsKey).toList();
    }

    /** One warning per retired variable still set; the value is never logged. */
    public static void warnIfSet(Map<String, String> env) {
        for (String name : presentIn(env)) {
            log.warn("event=retired_setting setting={} detail=\"ignored: {}\"", name, NAMES.get(name));
        }
    }
}
