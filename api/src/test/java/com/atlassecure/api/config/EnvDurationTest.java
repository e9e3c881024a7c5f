package com.atlassecure.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API reads durations with the shared contract parser and reports its refusals as a SettingsException. */
class EnvDurationTest {

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "1234567890ms", "PT99999999999999999999S", "P9999999999999999D"})
    void anOversizedValueIsASettingsExceptionNotAStackTrace(String value) {
        Env env = new Env(Map.of("RECONCILE_INTERVAL", value));
        assertThatThrownBy(() -> env.duration("RECONCILE_INTERVAL", Duration.ofSeconds(60)))
                .isExactlyInstanceOf(SettingsException.class)
                .hasMessage("RECONCILE_INTERVAL must be a duration like 30s, 500ms, 5m, 1h or PT30S (at most 9 digits),"
                        + " got '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void unsetOrBlankFallsBack(String value) {
        assertThat(new Env(Map.of("RECONCILE_INTERVAL", value)).duration("RECONCILE_INTERVAL", Duration.ofSeconds(60)))
                .isEqualTo(Duration.ofSeconds(60));
    }
}
