package com.atlassecure.contract.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fixed vectors for design principle 10, plus tamper and freshness rules.
 *
 * <p>The expected signatures were computed once, outside Java, by two independent tools that agreed byte for byte:
 * Python 3's {@code hmac.new(secret, canonical, hashlib.sha256).hexdigest()} and OpenSSL 3, e.g. for vector 1:
 *
 * <pre>
 * h=$(printf '%s' "$BODY" | openssl dgst -sha256 -r | cut -d' ' -f1)
 * printf '1764288000\nPOST\n/add-user\n%s' "$h" | openssl dgst -sha256 -hmac 'atlas-test-signing-secret-0001' -r
 * </pre>
 *
 * (vector 3 uses {@code -mac HMAC -macopt hexkey:000102...1f} for its binary secret). A bot or API in another
 * language that reproduces these vectors interoperates with ours.
 */
class RequestSigningTest {

    record Vector(
            String name,
            byte[] secret,
            long ts,
            String method,
            String path,
            String body,
            String canonical,
            String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] ASCII_SECRET = "atlas-test-signing-secret-0001".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BINARY_SECRET =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String ADD_BODY =
            "{\"telegram_id\":123456789,\"uuid\":\"2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f\","
                    + "\"expiry_timestamp_ms\":1767225600000}";

    static Vector[] vectors() {
        return new Vector[] {
            new Vector(
                    "1 add-user with a JSON body",
                    ASCII_SECRET,
                    1764288000L,
                    "POST",
                    "/add-user",
                    ADD_BODY,
                    "1764288000\nPOST\n/add-user\nbd284138ab5f19d133895b25dbaf3cc3aaef6ee11b1a380169e42a15126b3519",
                    "7900a3df890d2788a2dc933f0b0b79e26785f0969aa8ecc9cae84af21d3c9202"),
            new Vector(
                    "2 GET with an empty body",
                    ASCII_SECRET,
                    1764288000L,
                    "GET",
                    "/users/2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f",
                    "",
                    "1764288000\nGET\n/users/2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f\n"
                            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "e0b1c13939d22117cd8759a6e8910b72f67d9a33e83a2831d86dd5e2ceeae8b9"),
            new Vector(
                    "3 binary secret and a non-ASCII UTF-8 body",
                    BINARY_SECRET,
                    1764288301L,
                    "POST",
                    "/remove-user",
                    "{\"uuid\":\"2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f\",\"note\":\"ключ\"}",
                    "1764288301\nPOST\n/remove-user\n511e5b12e65b2784341a07dfc30b9b8596b8bce770314c0c16b9a978ee709e85",
                    "9bbaca125520b51f399f8e50c1b8331a3d3f09710d1fe03a8a48343304e29b45"),
        };
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void canonicalStringMatchesTheVector(Vector v) {
        assertThat(RequestSigning.canonicalString(v.ts(), v.method(), v.path(), utf8(v.body())))
                .isEqualTo(v.canonical());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signatureMatchesTheIndependentlyComputedVector(Vector v) {
        assertThat(RequestSigning.sign(v.secret(), v.ts(), v.method(), v.path(), utf8(v.body())))
                .isEqualTo(v.signature());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void matchesAcceptsTheVectorInEitherHexCaseAndWithSurroundingWhitespace(Vector v) {
        byte[] body = utf8(v.body());
        assertThat(RequestSigning.matches(v.secret(), v.ts(), v.method(), v.path(), body, v.signature()))
                .isTrue();
        assertThat(RequestSigning.matches(
                        v.secret(),
                        v.ts(),
                        v.method(),
                        v.path(),
                        body,
                        v.signature().toUpperCase(Locale.ROOT)))
                .isTrue();
        assertThat(RequestSigning.matches(v.secret(), v.ts(), v.method(), v.path(), body, " " + v.signature()))
                .isTrue();
    }

    @Test
    void methodIsUpperCasedBeforeSigning() {
        assertThat(RequestSigning.sign(ASCII_SECRET, 1764288000L, "post", "/add-user", utf8(ADD_BODY)))
                .isEqualTo(vectors()[0].signature());
    }

    @Test
    void nullBodySignsLikeAnEmptyBody() {
        Vector get = vectors()[1];
        assertThat(RequestSigning.sign(get.secret(), get.ts(), get.method(), get.path(), null))
                .isEqualTo(get.signature());
    }

    @Test
    void changingTheMethodChangesTheSignature() {
        Vector v = vectors()[0];
        assertRejected(v, v.ts(), "PUT", v.path(), utf8(v.body()));
    }

    @Test
    void changingThePathChangesTheSignature() {
        Vector v = vectors()[0];
        assertRejected(v, v.ts(), v.method(), "/remove-user", utf8(v.body()));
        assertRejected(v, v.ts(), v.method(), "/add-user/", utf8(v.body()));
        assertRejected(v, v.ts(), v.method(), "/add-user?x=1", utf8(v.body()));
    }

    @Test
    void changingOneByteOfTheBodyChangesTheSignature() {
        Vector v = vectors()[0];
        assertRejected(v, v.ts(), v.method(), v.path(), utf8(v.body().replace("1767225600000", "1767225600001")));
        assertRejected(v, v.ts(), v.method(), v.path(), utf8(v.body() + " "));
        assertRejected(v, v.ts(), v.method(), v.path(), new byte[0]);
    }

    @Test
    void changingTheTimestampChangesTheSignature() {
        Vector v = vectors()[0];
        assertRejected(v, v.ts() + 1, v.method(), v.path(), utf8(v.body()));
        assertRejected(v, v.ts() - 1, v.method(), v.path(), utf8(v.body()));
    }

    @Test
    void aDifferentSecretGivesADifferentSignature() {
        Vector v = vectors()[0];
        byte[] other = "atlas-test-signing-secret-0002".getBytes(StandardCharsets.US_ASCII);
        assertThat(RequestSigning.matches(other, v.ts(), v.method(), v.path(), utf8(v.body()), v.signature()))
                .isFalse();
    }

    @Test
    void missingOrTruncatedSignaturesNeverMatch() {
        Vector v = vectors()[0];
        byte[] body = utf8(v.body());
        assertThat(RequestSigning.matches(v.secret(), v.ts(), v.method(), v.path(), body, null))
                .isFalse();
        assertThat(RequestSigning.matches(v.secret(), v.ts(), v.method(), v.path(), body, ""))
                .isFalse();
        assertThat(RequestSigning.matches(
                        v.secret(),
                        v.ts(),
                        v.method(),
                        v.path(),
                        body,
                        v.signature().substring(0, 63)))
                .isFalse();
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> RequestSigning.sign(new byte[0], 1, "GET", "/health", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestSigning.sign(null, 1, "GET", "/health", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void freshnessWindowIsThreeHundredSecondsInclusiveOnBothSides() {
        long now = 1764288000L;
        assertThat(RequestSigning.MAX_SKEW_SECONDS).isEqualTo(300);
        assertThat(RequestSigning.fresh(now, now)).isTrue();
        assertThat(RequestSigning.fresh(now - 300, now)).isTrue();
        assertThat(RequestSigning.fresh(now + 300, now)).isTrue();
        assertThat(RequestSigning.fresh(now - 301, now)).isFalse();
        assertThat(RequestSigning.fresh(now + 301, now)).isFalse();
    }

    @Test
    void aTimestampInMillisecondsIsNotFresh() {
        long now = 1764288000L;
        assertThat(RequestSigning.fresh(now * 1000, now)).isFalse();
    }

    @Test
    void extremeTimestampsAreNotFreshEvenWhereTheDifferenceOverflows() {
        long now = 1764288000L;
        // now - (Long.MIN_VALUE + now) overflows to Long.MIN_VALUE, whose absolute value is negative.
        assertThat(RequestSigning.fresh(Long.MIN_VALUE + now, now)).isFalse();
        assertThat(RequestSigning.fresh(Long.MIN_VALUE, now)).isFalse();
        assertThat(RequestSigning.fresh(Long.MAX_VALUE, now)).isFalse();
        assertThat(RequestSigning.fresh(0, now)).isFalse();
    }

    @Test
    void headerNamesAreTheDocumentedOnes() {
        assertThat(RequestSigning.API_KEY_HEADER).isEqualTo("X-API-Key");
        assertThat(RequestSigning.TIMESTAMP_HEADER).isEqualTo("X-Timestamp");
        assertThat(RequestSigning.SIGNATURE_HEADER).isEqualTo("X-Signature");
    }

    private static void assertRejected(Vector original, long ts, String method, String path, byte[] body) {
        assertThat(RequestSigning.sign(original.secret(), ts, method, path, body))
                .isNotEqualTo(original.signature());
        assertThat(RequestSigning.matches(original.secret(), ts, method, path, body, original.signature()))
                .isFalse();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
