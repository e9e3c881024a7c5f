package com.atlassecure.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.errors.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceLimitsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 100})
    void aLimitFromOneToAHundredPasses(int limit) {
        assertThat(DeviceLimits.requireValid(limit)).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE})
    void aLimitOutsideTheRangeIsRefusedNamingTheValue(int limit) {
        assertThatThrownBy(() -> DeviceLimits.requireValid(limit))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("device_limit")
                .hasMessageContaining(String.valueOf(limit))
                .extracting(e -> ((ContractViolation) e).code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @org.junit.jupiter.api.Test
    void noLimitMeansTheNodeKeepsWhatItHas() {
        assertThat(DeviceLimits.requireValid(null)).isNull();
    }
}
