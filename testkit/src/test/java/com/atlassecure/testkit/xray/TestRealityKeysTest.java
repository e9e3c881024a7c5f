package com.atlassecure.testkit.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class TestRealityKeysTest {

    @Test
    void publicKeyMatchesXraysOwnTestVector() {
        assertThat(TestRealityKeys.publicKeyOf("aGSYystUbf59_9_6LKRxD27rmSW_-2_nyd9YG_Gwbks"))
                .isEqualTo("E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM");
    }

    @Test
    void generatedKeysAreUnpaddedRawUrlOf32BytesAndConsistent() {
        TestRealityKeys.KeyPair keys = TestRealityKeys.generate();

        assertThat(keys.privateKey()).doesNotContain("=", "+", "/").hasSize(43);
        assertThat(Base64.getUrlDecoder().decode(keys.publicKey())).hasSize(32);
        assertThat(TestRealityKeys.publicKeyOf(keys.privateKey())).isEqualTo(keys.publicKey());
        assertThat(TestRealityKeys.generate().privateKey()).isNotEqualTo(keys.privateKey());
    }

    @Test
    void shortIdIsSixteenHexChars() {
        assertThat(TestRealityKeys.newShortId()).matches("[0-9a-f]{16}");
    }

    @Test
    void privateKeyOfWrongLengthIsRejectedWithItsLength() {
        assertThatThrownBy(() -> TestRealityKeys.publicKeyOf("AAAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decodes to 3");
    }
}
