package com.atlassecure.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UuidsTest {
    private static final String CANONICAL = "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f";

    @Test
    void canonicalUuidIsReturnedUnchanged() {
        assertThat(Uuids.requireValid(CANONICAL)).isSameAs(CANONICAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {" " + CANONICAL, CANONICAL + "\n", "\t " + CANONICAL + " \r\n", "\u2003" + CANONICAL})
    void surroundingWhitespaceIsStrippedAndNothingElseChanges(String raw) {
        assertThat(Uuids.requireValid(raw)).isEqualTo(CANONICAL);
    }

    @Test
    void upperCaseIsKeptAsSentBecauseStripIsTheOnlyChange() {
        String upper = CANONICAL.toUpperCase(java.util.Locale.ROOT);
        assertThat(Uuids.requireValid(upper)).isEqualTo(upper);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "stage-" + CANONICAL,
                "prod-" + CANONICAL,
                "test-" + CANONICAL,
                "STAGE-" + CANONICAL,
                "Prod-" + CANONICAL,
                "tEsT-" + CANONICAL,
                "  prod-" + CANONICAL
            })
    void environmentPrefixesAreRejectedInAnyCase(String raw) {
        assertThatThrownBy(() -> Uuids.requireValid(raw))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("prefix")
                .satisfies(e -> assertThat(((ContractViolation) e).code()).isEqualTo(ErrorCode.INVALID_UUID));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "1-1-1-1-1",
                "2b0c8f4e6d1a4c3b9f7e0a1b2c3d4e5f",
                "{2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f}",
                "urn:uuid:2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f",
                "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5",
                "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f0",
                "2b0c8f4g-6d1a-4c3b-9f7e-0a1b2c3d4e5f",
                "2b0c8f4e_6d1a_4c3b_9f7e_0a1b2c3d4e5f",
                "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f\n2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f",
                "2b0c8f4e -6d1a-4c3b-9f7e-0a1b2c3d4e5f",
                "２b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f",
                "user-2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f"
            })
    void nonCanonicalFormsAreRejectedNotRepaired(String raw) {
        assertThatThrownBy(() -> Uuids.requireValid(raw))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).code()).isEqualTo(ErrorCode.INVALID_UUID));
        assertThat(Uuids.isValid(raw)).isFalse();
    }

    @Test
    void nullIsAMissingFieldNotAnInvalidOne() {
        assertThatThrownBy(() -> Uuids.requireValid(null))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).code()).isEqualTo(ErrorCode.MISSING_FIELD));
    }

    @Test
    void rejectionMessageNeverEchoesTheWholeValue() {
        String secretLooking = "sk_live_0123456789abcdefghijklmnopqrstuvwxyz";
        assertThatThrownBy(() -> Uuids.requireValid(secretLooking))
                .hasMessageNotContaining(secretLooking)
                .hasMessageContaining(secretLooking.length() + " chars");
    }

    @Test
    void shortFormKeepsOnlyEightCharactersForLogs() {
        assertThat(Uuids.shortForm(CANONICAL)).isEqualTo("2b0c8f4e");
        assertThat(Uuids.shortForm("abc")).isEqualTo("abc");
        assertThat(Uuids.shortForm(null)).isEqualTo("null");
    }
}
