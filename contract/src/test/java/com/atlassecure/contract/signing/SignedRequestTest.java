package com.atlassecure.contract.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fixed vectors for the signature form of finding L1 (core + host + nonce, query signed) and for the response
 * signature of finding L14. Computed outside Java with OpenSSL 3 (and the response one again with Python's hmac):
 *
 * <pre>
 * h=$(printf '%s' "$BODY" | openssl dgst -sha256 -r | cut -d' ' -f1)
 * printf '1764288000\nPOST\n/add-user\n%s\napi.mynewllcw.com\n0123456789abcdef0123456789abcdef' "$h" \
 *   | openssl dgst -sha256 -hmac 'atlas-test-signing-secret-0001' -r
 * </pre>
 */
class SignedRequestTest {
    private static final byte[] SECRET = "atlas-test-signing-secret-0001".getBytes(StandardCharsets.US_ASCII);
    private static final String ADD_BODY =
            "{\"telegram_id\":123456789,\"uuid\":\"2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f\","
                    + "\"expiry_timestamp_ms\":1767225600000}";
    private static final String NONCE = "0123456789abcdef0123456789abcdef";
    private static final String ADD_SIGNATURE = "8a83f98da3fe094c7117dd9d6255190f987b0300a48c162c49a025e645f08e24";

    private static SignedRequest add() {
        return new SignedRequest(1764288000L, NONCE, "POST", "api.mynewllcw.com", "/add-user", utf8(ADD_BODY));
    }

    @Test
    void canonicalStringIsTheCoreFollowedByHostAndNonce() {
        assertThat(add().canonicalString())
                .isEqualTo("1764288000\nPOST\n/add-user\n"
                        + "bd284138ab5f19d133895b25dbaf3cc3aaef6ee11b1a380169e42a15126b3519\n"
                        + "api.mynewllcw.com\n" + NONCE);
    }

    @Test
    void signatureMatchesTheIndependentlyComputedVector() {
        assertThat(add().sign(SECRET)).isEqualTo(ADD_SIGNATURE);
        assertThat(add().matches(SECRET, ADD_SIGNATURE.toUpperCase(java.util.Locale.ROOT)))
                .isTrue();
    }

    @Test
    void theQueryStringIsSignedWithThePath() {
        SignedRequest get = new SignedRequest(
                1764288000L,
                "req-id_0000000001",
                "GET",
                "127.0.0.1:8080",
                SignedRequest.target("/users", "after=2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f&limit=100"),
                null);
        assertThat(get.sign(SECRET)).isEqualTo("936fbd4287c2562404b5309457dad50393960721608364c80d31fc31f2e789a3");
        SignedRequest otherQuery = new SignedRequest(
                1764288000L,
                "req-id_0000000001",
                "GET",
                "127.0.0.1:8080",
                SignedRequest.target("/users", "after=2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f&limit=101"),
                null);
        assertThat(otherQuery.matches(SECRET, get.sign(SECRET))).isFalse();
    }

    @Test
    void anotherHostOrNonceGivesAnotherSignature() {
        SignedRequest otherHost =
                new SignedRequest(1764288000L, NONCE, "POST", "node-b.example", "/add-user", utf8(ADD_BODY));
        SignedRequest otherNonce = new SignedRequest(
                1764288000L, NONCE.replace('0', '1'), "POST", "api.mynewllcw.com", "/add-user", utf8(ADD_BODY));
        assertThat(otherHost.matches(SECRET, ADD_SIGNATURE)).isFalse();
        assertThat(otherNonce.matches(SECRET, ADD_SIGNATURE)).isFalse();
        assertThat(new SignedRequest(1764288000L, NONCE, "POST", "API.MyNewLLCW.com ", "/add-user", utf8(ADD_BODY))
                        .matches(SECRET, ADD_SIGNATURE))
                .as("the host is compared case-insensitively, as DNS does")
                .isTrue();
    }

    @Test
    void targetAndAuthorityFollowWhatTheHttpClientSends() {
        assertThat(SignedRequest.target(URI.create("https://h/add-user"))).isEqualTo("/add-user");
        assertThat(SignedRequest.target(URI.create("https://h/users?after=a%20b")))
                .isEqualTo("/users?after=a%20b");
        assertThat(SignedRequest.target(URI.create("https://h/add-user?"))).isEqualTo("/add-user");
        assertThat(SignedRequest.authority(URI.create("https://api.mynewllcw.com/x")))
                .isEqualTo("api.mynewllcw.com");
        assertThat(SignedRequest.authority(URI.create("https://api.mynewllcw.com:443/x")))
                .isEqualTo("api.mynewllcw.com");
        assertThat(SignedRequest.authority(URI.create("http://127.0.0.1:8080/x")))
                .isEqualTo("127.0.0.1:8080");
    }

    @Test
    void noncesAreRandomAndValidatedByShape() {
        String a = SignedRequest.newNonce();
        assertThat(a).hasSize(32).isNotEqualTo(SignedRequest.newNonce());
        assertThat(SignedRequest.validNonce(a)).isTrue();
        assertThat(SignedRequest.validNonce("short")).isFalse();
        assertThat(SignedRequest.validNonce("x".repeat(129))).isFalse();
        assertThat(SignedRequest.validNonce("0123456789abcdef\n0123")).isFalse();
        assertThat(SignedRequest.validNonce(null)).isFalse();
    }

    @Test
    void responseSignatureBindsTheRequestSignatureAndTheBody() {
        String requestSignature = "7900a3df890d2788a2dc933f0b0b79e26785f0969aa8ecc9cae84af21d3c9202";
        byte[] body = utf8("{\"uuid\":\"2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f\",\"removed\":true}");
        String expected = "203e53d391e14455a688a1b7d12f885e50e3400cd9a90bae7f934e51d0efea4e";

        assertThat(ResponseSigning.sign(SECRET, requestSignature, body)).isEqualTo(expected);
        assertThat(ResponseSigning.matches(SECRET, requestSignature, body, expected))
                .isTrue();
        assertThat(ResponseSigning.matches(SECRET, ADD_SIGNATURE, body, expected))
                .as("an answer to another request")
                .isFalse();
        assertThat(ResponseSigning.matches(SECRET, requestSignature, utf8("{\"removed\":false}"), expected))
                .as("another body")
                .isFalse();
        assertThat(ResponseSigning.matches(SECRET, requestSignature, body, null))
                .isFalse();
    }

    @Test
    void headerNamesAreTheDocumentedOnes() {
        assertThat(SignedRequest.NONCE_HEADER).isEqualTo("X-Request-Id");
        assertThat(ResponseSigning.HEADER).isEqualTo("X-Response-Signature");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
