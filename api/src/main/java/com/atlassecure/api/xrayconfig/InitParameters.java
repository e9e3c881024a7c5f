package com.atlassecure.api.xrayconfig;

import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.api.reality.RealityKeyPair;

/**
 * What {@code init} needs to write a working config: where to listen, what to impersonate, the keys, and the oldest
 * client version the server admits ({@code minClientVer}, always written: decision 0015).
 */
public record InitParameters(
        int port,
        String sni,
        String target,
        String apiListen,
        RealityKeyPair keys,
        String shortId,
        boolean allowPrivateDestinations,
        String minClientVer) {

    /**
     * The oldest REALITY client version {@code init} admits: 1.8.1, what sing-box writes (the core of Hiddify and
     * Streisand). Xray 26.7.11+ would otherwise imply 26.3.27 and silently refuse them. docs/COMPATIBILITY.md.
     */
    public static final String DEFAULT_MIN_CLIENT_VER = "1.8.1";

    public InitParameters {
        CoreVersion.parse(minClientVer);
    }

    /** With {@link #DEFAULT_MIN_CLIENT_VER}. */
    public InitParameters(
            int port,
            String sni,
            String target,
            String apiListen,
            RealityKeyPair keys,
            String shortId,
            boolean allowPrivateDestinations) {
        this(port, sni, target, apiListen, keys, shortId, allowPrivateDestinations, DEFAULT_MIN_CLIENT_VER);
    }
}
