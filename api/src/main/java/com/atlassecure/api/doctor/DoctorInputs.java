package com.atlassecure.api.doctor;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the doctor was given. Only {@code config} is required; every other input may be null and then the checks
 * that need it do not run (their category may end up "not assessed").
 */
record DoctorInputs(
        Path config,
        Map<String, String> apiEnv,
        Map<String, String> botEnv,
        String link,
        URI apiUrl,
        String apiKey,
        Path xrayBin,
        Expectations expect,
        Duration timeout) {

    DoctorInputs {
        apiEnv = apiEnv == null ? null : Map.copyOf(apiEnv);
        botEnv = botEnv == null ? null : Map.copyOf(botEnv);
    }
}
