package com.atlassecure.contract.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationSettingTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "500ms       | PT0.5S",
                "10s         | PT10S",
                "5m          | PT5M",
                "1h          | PT1H",
                "'  20ms '   | PT0.02S",
                "PT30S       | PT30S",
                "pt1m30s     | PT1M30S",
                "P1D         | PT24H",
                "999999999h  | PT999999999H",
                "PT999999999H | PT999999999H",
            })
    void acceptsTheShortAndTheIsoForms(String value, String expected) {
        assertThat(DurationSetting.parse("X_TIMEOUT", value)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "soon                          | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got 'soon'",
                "''                            | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got ''",
                "NULL                          | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got 'null'",
                "10                            | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got '10'",
                "10S                           | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got '10S'",
                "1d                            | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got '1d'",
                "-5s                           | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got '-5s'",
                "1234567890s                   | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got '1234567890s'",
                "99999999999999999999ms        | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got '99999999999999999999ms'",
                "PT99999999999999999999S       | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got 'PT99999999999999999999S'",
                "P9999999999999999D            | X_TIMEOUT must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits), got 'P9999999999999999D'",
                "0s                            | X_TIMEOUT must be positive, got '0s'",
                "PT0S                          | X_TIMEOUT must be positive, got 'PT0S'",
                "PT-5S                         | X_TIMEOUT must be positive, got 'PT-5S'",
                "PT1000000000H                 | X_TIMEOUT must be at most 999999999h, got 'PT1000000000H'",
            })
    void refusesEverythingElseWithOneMessageNamingVariableValueAndForms(String value, String message) {
        assertThatThrownBy(() -> DurationSetting.parse("X_TIMEOUT", value))
                .isExactlyInstanceOf(InvalidSettingException.class)
                .hasMessage(message);
    }
}
