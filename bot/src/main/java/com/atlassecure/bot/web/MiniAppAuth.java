package com.atlassecure.bot.web;

import com.atlassecure.contract.signing.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Telegram Mini App's {@code initData} as Telegram specifies it: the data-check string is every field but
 * {@code hash}, as {@code key=value} sorted by key and joined by newlines; the secret key is HMAC-SHA256 of the bot
 * token keyed with "WebAppData"; {@code hash} must be the hex HMAC-SHA256 of the check string under that key. On top:
 * {@code auth_date} no older than {@link #MAX_AGE} (stale) and not in the future, compared in constant time.
 * Replays are the caller's check ({@link #verify} returns the hash to record).
 */
final class MiniAppAuth {
    /** How long an opened Mini App may act on its initData; reopening it from the bot gives fresh data. */
    static final Duration MAX_AGE = Duration.ofHours(1);

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A verified initData: the Telegram user it names and its hash (the replay key). */
    record Verified(long userId, String hash, Instant authDate) {}

    /** Why initData was refused; for the log only, the caller answers a bare 401. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final byte[] secretKey;

    MiniAppAuth(String botToken) {
        this.secretKey = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken.getBytes(StandardCharsets.UTF_8));
    }

    Verified verify(String initData, Instant now) throws Refused {
        if (initData == null || initData.isBlank() || initData.length() > 8192) {
            throw new Refused("missing or oversized");
        }
        Map<String, String> fields = new TreeMap<>();
        for (String pair : initData.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Refused("malformed field");
            }
            String key = decode(pair.substring(0, eq));
            if (fields.put(key, decode(pair.substring(eq + 1))) != null) {
                throw new Refused("repeated field " + key);
            }
        }
        String hash = fields.remove("hash");
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new Refused("no hash");
        }
        StringBuilder check = new StringBuilder();
        fields.forEach((k, v) -> check.append(check.length() == 0 ? "" : "\n")
                .append(k)
                .append('=')
                .append(v));
        String expected =
                HexFormat.of().formatHex(hmac(secretKey, check.toString().getBytes(StandardCharsets.UTF_8)));
        if (!ApiKeys.constantTimeEquals(expected, hash)) {
            throw new Refused("signature");
        }
        Instant authDate;
        try {
            authDate = Instant.ofEpochSecond(Long.parseLong(fields.getOrDefault("auth_date", "")));
        } catch (NumberFormatException e) {
            throw new Refused("no auth_date");
        }
        if (authDate.isBefore(now.minus(MAX_AGE)) || authDate.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Refused("stale auth_date");
        }
        long userId;
        try {
            JsonNode user = JSON.readTree(fields.getOrDefault("user", ""));
            userId = user == null ? 0 : user.path("id").asLong(0);
        } catch (IOException e) {
            throw new Refused("user is not JSON");
        }
        if (userId <= 0) {
            throw new Refused("no user id");
        }
        return new Verified(userId, hash, authDate);
    }

    private static String decode(String s) throws Refused {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("bad percent-encoding");
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
