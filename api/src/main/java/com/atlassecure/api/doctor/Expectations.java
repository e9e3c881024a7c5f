package com.atlassecure.api.doctor;

import com.atlassecure.api.config.ApiSettings;

/** The production values the audit states (section header and 3.1): the link host, the inbound port and the SNI. */
public record Expectations(String host, int port, String sni) {
    public static final Expectations PRODUCTION =
            new Expectations(ApiSettings.PRODUCTION_HOST, ApiSettings.PRODUCTION_PORT, ApiSettings.PRODUCTION_SNI);
}
