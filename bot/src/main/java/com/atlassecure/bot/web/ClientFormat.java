package com.atlassecure.bot.web;

import java.util.Locale;
import java.util.Optional;

/**
 * The body a subscription fetch gets: chosen by {@code ?format=} when given, else by the app's {@code User-Agent}, as
 * ../shared/subscription-facts.md lists them. Anything unknown gets the base64 list every app reads.
 */
enum ClientFormat {
    BASE64("text/plain; charset=utf-8", "txt"),
    SING_BOX("application/json; charset=utf-8", "json"),
    CLASH("text/yaml; charset=utf-8", "yaml"),
    XRAY("application/json; charset=utf-8", "json");

    final String contentType;
    final String extension;

    ClientFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The {@code ?format=} value, when it names a format; empty for an unknown one (the caller answers 400). */
    static Optional<ClientFormat> fromParameter(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "base64":
            case "v2ray":
            case "links":
                return Optional.of(BASE64);
            case "sing-box":
            case "singbox":
            case "sing_box":
                return Optional.of(SING_BOX);
            case "clash":
            case "mihomo":
            case "clash-meta":
            case "yaml":
                return Optional.of(CLASH);
            case "xray":
            case "xray-json":
                return Optional.of(XRAY);
            default:
                return Optional.empty();
        }
    }

    /**
     * By User-Agent. Order matters: Hiddify names sing-box and ClashMeta too ("HiddifyNext/2.5 (android) like
     * ClashMeta v2ray sing-box"), and with its Xray core it says "HiddifyNextX".
     */
    static ClientFormat fromUserAgent(String userAgent) {
        if (userAgent == null) {
            return BASE64;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.startsWith("hiddifynextx")) {
            return XRAY;
        }
        if (ua.startsWith("hiddify")) {
            return SING_BOX;
        }
        if (ua.startsWith("sfa/")
                || ua.startsWith("sfi/")
                || ua.startsWith("sfm/")
                || ua.startsWith("sft/")
                || ua.contains("sing-box")) {
            return SING_BOX;
        }
        if (ua.contains("clash") || ua.contains("mihomo") || ua.startsWith("stash")) {
            return CLASH;
        }
        return BASE64;
    }
}
