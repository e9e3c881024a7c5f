package com.atlassecure.bot.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers client apps read (../shared/subscription-facts.md): usage and expiry, the profile's title,
 * refresh interval, support and page links, a file name, no caching, and an ETag over everything a client would see
 * change, so an unchanged feed answers 304.
 */
final class FeedHeaders {
    static final String TITLE = "Atlas Secure";

    private FeedHeaders() {}

    /**
     * {@code expire} is Unix seconds (0 only for "never", which no customer has: one without access gets 1, the past);
     * {@code total=0} means no traffic cap.
     */
    static String userInfo(long upload, long download, Feed feed) {
        long expire =
                feed.expiresAt() == null ? 1 : Math.max(1, feed.expiresAt().getEpochSecond());
        return "upload=" + upload + "; download=" + download + "; total=0; expire=" + expire;
    }

    static Map<String, String> of(
            Feed feed, ClientFormat format, long[] traffic, int updateHours, String supportUrl, String pageUrl) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("subscription-userinfo", userInfo(traffic[0], traffic[1], feed));
        headers.put("profile-title", base64Text(TITLE));
        headers.put("profile-update-interval", Integer.toString(updateHours));
        if (supportUrl != null) {
            headers.put("support-url", supportUrl);
        }
        headers.put("profile-web-page-url", pageUrl);
        headers.put("content-disposition", "attachment; filename=\"AtlasSecure." + format.extension + "\"");
        headers.put("cache-control", "no-store");
        return headers;
    }

    /** {@code base64:} and the UTF-8 text in standard base64, the form Happ and Hiddify decode. */
    static String base64Text(String text) {
        return "base64:" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A strong ETag over the body and the headers that carry state (usage, expiry). */
    static String etag(byte[] body, Map<String, String> headers) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(body);
            sha.update(headers.get("subscription-userinfo").getBytes(StandardCharsets.UTF_8));
            sha.update(headers.get("content-disposition").getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether {@code If-None-Match} names {@code etag} (a list, or *). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** {@code @handle} becomes its t.me page; an http(s) URL stays; anything else (an e-mail) gives no header. */
    static String supportUrl(String contact) {
        if (contact == null) {
            return null;
        }
        String c = contact.strip();
        if (c.matches("@[A-Za-z0-9_]{4,32}")) {
            return "https://t.me/" + c.substring(1);
        }
        return c.startsWith("https://") || c.startsWith("http://") ? c : null;
    }
}
