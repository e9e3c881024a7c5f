package com.atlassecure.bot.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Signs Mini App initData the way Telegram does, for tests that play the Telegram client. */
final class InitDataSigner {
    private InitDataSigner() {}

    static String sign(String botToken, Map<String, String> fields) {
        TreeMap<String, String> sorted = new TreeMap<>(fields);
        String check = sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        byte[] secret = MiniAppAuth.hmac(
                "WebAppData".getBytes(StandardCharsets.UTF_8), botToken.getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().formatHex(MiniAppAuth.hmac(secret, check.getBytes(StandardCharsets.UTF_8)));
        return sorted.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))
                + "&hash=" + hash;
    }

    /** initData for Telegram user {@code userId}, signed at {@code authDate} (Unix seconds). */
    static String forUser(String botToken, long userId, long authDate, String queryId) {
        return sign(
                botToken,
                Map.of(
                        "auth_date",
                        Long.toString(authDate),
                        "query_id",
                        queryId,
                        "user",
                        "{\"id\":" + userId + ",\"first_name\":\"Test\",\"language_code\":\"en\"}"));
    }
}
