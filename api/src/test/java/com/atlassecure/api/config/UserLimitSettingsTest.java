package com.atlassecure.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** API_MAX_EXPIRY_DAYS and API_MAX_USERS: defaults, parsing, and refusals that name the setting and the value. */
class UserLimitSettingsTest {

    @Test
    void defaultsAre400DaysAnd150000ActiveUsers() {
        ApiSettings s = ApiSettings.fromEnv(StartupChecksTest.env());

        assertThat(s.limits().maxExpiryDays()).isEqualTo(1830);
        assertThat(s.limits().maxUsers()).isEqualTo(150_000);
        assertThat(s.toString()).contains("maxExpiryDays=1830").contains("maxUsers=150000");
    }

    @Test
    void bothLimitsAreConfigurable() {
        Map<String, String> env = ApiSettingsTest.with("API_MAX_EXPIRY_DAYS", "40");
        env.put("API_MAX_USERS", "1000");

        ApiSettings s = ApiSettings.fromEnv(env);

        assertThat(s.limits().maxExpiryDays()).isEqualTo(40);
        assertThat(s.limits().maxUsers()).isEqualTo(1000);
    }

    @Test
    void anOutOfRangeOrNonNumericLimitIsRefusedNamingTheSettingAndTheValue() {
        for (String bad : new String[] {"0", "-5", "3651", "a year", "400d"}) {
            assertThatThrownBy(() -> ApiSettings.fromEnv(ApiSettingsTest.with("API_MAX_EXPIRY_DAYS", bad)))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("API_MAX_EXPIRY_DAYS")
                    .hasMessageContaining(bad);
        }
        for (String bad : new String[] {"0", "-1", "1000001", "lots"}) {
            assertThatThrownBy(() -> ApiSettings.fromEnv(ApiSettingsTest.with("API_MAX_USERS", bad)))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("API_MAX_USERS")
                    .hasMessageContaining(bad);
        }
    }
}
