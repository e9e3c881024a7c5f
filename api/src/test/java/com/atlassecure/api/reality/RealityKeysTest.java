package com.atlassecure.api.reality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RealityKeysTest {

    @Test
    void derivesXraysOwnTestVector() {
        assertThat(RealityKeys.publicKeyOf("aGSYystUbf59_9_6LKRxD27rmSW_-2_nyd9YG_Gwbks"))
                .isEqualTo("E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM");
    }

    @Test
    void generatedPairsAreConsistentAndDistinct() {
        RealityKeyPair a = RealityKeys.generate();
        RealityKeyPair b = RealityKeys.generate();
        assertThat(RealityKeys.publicKeyOf(a.privateKey())).isEqualTo(a.publicKey());
        assertThat(a.privateKey()).hasSize(43).doesNotContain("=", "+", "/");
        assertThat(a.privateKey()).isNotEqualTo(b.privateKey());
    }

    @Test
    void rejectsKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> RealityKeys.publicKeyOf("c2hvcnQ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, got 5");
        assertThatThrownBy(() -> RealityKeys.publicKeyOf("not base64 at all!")).hasMessageContaining("not base64");
    }

    @Test
    void shortIdsAreSixteenHexCharacters() {
        String id = RealityKeys.newShortId();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(RealityKeys.isValidShortId(id)).isTrue();
        assertThat(RealityKeys.isValidShortId("abc")).isFalse();
        assertThat(RealityKeys.isValidShortId("0123456789abcdef01")).isFalse();
        assertThat(RealityKeys.isValidShortId("")).isTrue();
    }
}
