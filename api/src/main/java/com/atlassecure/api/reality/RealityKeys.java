package com.atlassecure.api.reality;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * REALITY keys with the JDK's own X25519: the public key is X25519(private, 9), so deriving it is one key
 * agreement with the base point. No third-party crypto is needed for this.
 */
public final class RealityKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private RealityKeys() {}

    /** The public key for a base64 RawURL private key; throws {@link IllegalArgumentException} if it is malformed. */
    public static String publicKeyOf(String privateKeyBase64Url) {
        byte[] scalar = decode32("privateKey", privateKeyBase64Url);
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey basePoint =
                    factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(basePoint, true);
            return ENCODER.encodeToString(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive an X25519 public key: " + e.getMessage(), e);
        }
    }

    public static RealityKeyPair generate() {
        byte[] scalar = new byte[32];
        RANDOM.nextBytes(scalar);
        // Clamp as RFC 7748 does, so the stored key is the one actually used.
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        String privateKey = ENCODER.encodeToString(scalar);
        return new RealityKeyPair(privateKey, publicKeyOf(privateKey));
    }

    /** 8 random bytes as 16 hex characters, the longest short id REALITY accepts. */
    public static String newShortId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Whether a short id has the form REALITY accepts: hex, even length, at most 16 characters. */
    public static boolean isValidShortId(String shortId) {
        return shortId != null
                && shortId.length() <= 16
                && shortId.length() % 2 == 0
                && shortId.matches("[0-9a-fA-F]*");
    }

    private static byte[] decode32(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64 RawURL");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(name + " must decode to 32 bytes, got " + bytes.length);
        }
        return bytes;
    }
}
