package com.atlassecure.api.reality;

/** A REALITY X25519 key pair in Xray's form: base64 RawURL (no padding) of the 32 raw bytes. */
public record RealityKeyPair(String privateKey, String publicKey) {}
