package com.atlassecure.testkit.xray;

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

/** Generates REALITY X25519 key pairs and short ids for tests, encoded the way Xray's config wants them. */
public final class TestRealityKeys {

    /** A REALITY key pair, both halves base64 RawURL (no padding) of the raw 32 bytes. */
    public record KeyPair(String privateKey, String publicKey) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private TestRealityKeys() {}

    /** A fresh random key pair. */
    public static KeyPair generate() {
        byte[] scalar = new byte[32];
        RANDOM.nextBytes(scalar);
        String privateKey = ENCODER.encodeToString(scalar);
        return new KeyPair(privateKey, publicKeyOf(privateKey));
    }

    /** The public key of a base64 RawURL private key: X25519(private, 9), the JDK clamps the scalar. */
    public static String publicKeyOf(String privateKeyBase64Url) {
        byte[] scalar = Base64.getUrlDecoder().decode(privateKeyBase64Url);
        if (scalar.length != 32) {
            throw new IllegalArgumentException(
                    "REALITY private key must decode to 32 bytes but decodes to " + scalar.length);
        }
        try {
            // X25519(k, basepoint) is exactly the key agreement with the base point as the peer's u-coordinate,
            // and the agreement's output is the raw little-endian u-coordinate Xray encodes.
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey basePoint = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(basePoint, true);
            return ENCODER.encodeToString(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot compute X25519", e);
        }
    }

    /** A random 16-hex-char short id. */
    public static String newShortId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
