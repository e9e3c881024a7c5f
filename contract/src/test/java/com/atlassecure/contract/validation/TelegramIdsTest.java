package com.atlassecure.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelegramIdsTest {

    @Test
    void maxIsTheLargest52BitValue() {
        assertThat(TelegramIds.MAX).isEqualTo(4_503_599_627_370_495L);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 123456789, 7_000_000_000L, (1L << 52) - 1})
    void positiveIdsWithin52BitsAreAccepted(long id) {
        assertThat(TelegramIds.requireValid(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -1001234567890L, 1L << 52, Long.MAX_VALUE, Long.MIN_VALUE})
    void zeroNegativeAndOversizedIdsAreRejected(long id) {
        assertThatThrownBy(() -> TelegramIds.requireValid(id))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("telegram_id")
                .hasMessageContaining(Long.toString(id))
                .satisfies(e -> assertThat(((ContractViolation) e).code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void emailIsUserUnderscoreId() {
        assertThat(TelegramIds.email(123456789)).isEqualTo("user_123456789");
    }

    @Test
    void emailRefusesAnInvalidId() {
        assertThatThrownBy(() -> TelegramIds.email(0)).isInstanceOf(ContractViolation.class);
    }
}
