package com.atlassecure.contract.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String KEY = "k3y-that-is-long-enough-for-production-0123456789";

    @Test
    void equalKeysMatch() {
        assertThat(ApiKeys.constantTimeEquals(KEY, new String(KEY.toCharArray())))
                .isTrue();
    }

    @Test
    void differentPrefixSuffixOrLengthDoNotMatch() {
        assertThat(ApiKeys.constantTimeEquals(KEY, "X" + KEY.substring(1))).isFalse();
        assertThat(ApiKeys.constantTimeEquals(KEY, KEY.substring(0, KEY.length() - 1) + "X"))
                .isFalse();
        assertThat(ApiKeys.constantTimeEquals(KEY, KEY + " ")).isFalse();
        assertThat(ApiKeys.constantTimeEquals(KEY, "")).isFalse();
    }

    @Test
    void nullNeverMatchesEvenNull() {
        assertThat(ApiKeys.constantTimeEquals(KEY, null)).isFalse();
        assertThat(ApiKeys.constantTimeEquals(null, KEY)).isFalse();
        assertThat(ApiKeys.constantTimeEquals(null, null)).isFalse();
    }

    @Test
    void fingerprintIsASha256PrefixThatNeverContainsTheSecret() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(ApiKeys.fingerprint("abc")).isEqualTo("sha256:ba7816bf8f01");
        assertThat(ApiKeys.fingerprint(KEY)).startsWith("sha256:").hasSize(19).doesNotContain(KEY.substring(0, 6));
    }

    @Test
    void fingerprintOfNothingSaysNone() {
        assertThat(ApiKeys.fingerprint(null)).isEqualTo("sha256:none");
        assertThat(ApiKeys.fingerprint("")).isEqualTo("sha256:none");
    }
}
