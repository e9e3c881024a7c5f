package com.atlassecure.contract.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BotEnvRulesTest {

    @ParameterizedTest(name = "APP_ENV=''{0}'' is {1}")
    @CsvSource({
        "prod, PROD",
        "production, PROD",
        "' Prod ', PROD",
        "stage, STAGE",
        "staging, STAGE",
        "dev, DEV",
        "development, DEV",
        "LOCAL, DEV"
    })
    void namesMapToEnvironments(String raw, AppEnv expected) {
        assertThat(BotEnvRules.appEnv(raw)).isEqualTo(expected);
    }

    @Test
    void unsetMeansProd() {
        assertThat(BotEnvRules.appEnv(null)).isEqualTo(AppEnv.PROD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "prd", "test", "production2"})
    void anyOtherValueIsAnErrorNotProd(String raw) {
        assertThatThrownBy(() -> BotEnvRules.appEnv(raw))
                .isExactlyInstanceOf(InvalidSettingException.class)
                .hasMessage("APP_ENV must be prod, stage or dev, got '" + raw + "'");
    }

    @Test
    void eachEnvironmentReadsItsOwnPair() {
        assertThat(AppEnv.PROD.urlVariable()).isEqualTo("PROD_XRAY_API_URL");
        assertThat(AppEnv.PROD.keyVariable()).isEqualTo("PROD_XRAY_API_KEY");
        assertThat(AppEnv.STAGE.urlVariable()).isEqualTo("STAGE_XRAY_API_URL");
        assertThat(AppEnv.STAGE.keyVariable()).isEqualTo("STAGE_XRAY_API_KEY");
        assertThat(AppEnv.DEV.urlVariable()).isEqualTo("XRAY_API_URL");
        assertThat(AppEnv.DEV.keyVariable()).isEqualTo("XRAY_API_KEY");
    }

    @ParameterizedTest(name = "{0} with switch ''{1}'' provisions: {2}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "PROD, NULL, true", "PROD, '', true", "PROD, true, true", "PROD, ON, true",
                "PROD, false, false", "PROD, ' off ', false", "PROD, 0, false", "PROD, no, false",
                "STAGE, false, true", "DEV, false, true", "DEV, maybe, true"
            })
    void onlyProdHonoursTheProvisioningSwitch(AppEnv env, String raw, boolean expected) {
        assertThat(BotEnvRules.provisioningEnabled(env, raw)).isEqualTo(expected);
    }

    @Test
    void aSwitchThatIsNoBooleanIsAnError() {
        assertThatThrownBy(() -> BotEnvRules.provisioningEnabled(AppEnv.PROD, " maybe "))
                .isExactlyInstanceOf(InvalidSettingException.class)
                .hasMessage("PROD_VPN_PROVISIONING_ENABLED must be true or false, got 'maybe'");
    }
}
