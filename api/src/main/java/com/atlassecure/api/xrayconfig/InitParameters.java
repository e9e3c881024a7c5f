package com.atlassecure.api.xrayconfig;

import com.atlassecure.api.reality.RealityKeyPair;

/** What {@code init} needs to write a working config: where to listen, what to impersonate, and the keys. */
public record InitParameters(
        int port,
        String sni,
        String target,
        String apiListen,
        RealityKeyPair keys,
        String shortId,
        boolean allowPrivateDestinations) {}
