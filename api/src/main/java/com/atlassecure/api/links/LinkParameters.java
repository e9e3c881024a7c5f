package com.atlassecure.api.links;

/**
 * Everything a link carries besides the UUID. Built once at start by the startup checks from the inbound's real
 * values, never from defaults.
 */
public record LinkParameters(
        String host, int port, String sni, String publicKey, String shortId, String fingerprint, String remark) {}
