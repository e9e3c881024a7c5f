package com.atlassecure.api.doctor;

import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import com.atlassecure.api.xrayconfig.XrayConfig;

/**
 * The Xray config after it parsed, its VLESS REALITY inbound, and the public key derived from the inbound's private
 * key ({@code null} when the private key is unusable). Later checks compare env files, links and the live API with it.
 */
record LoadedConfig(XrayConfig config, VlessRealityInbound inbound, String publicKey) {
    String where() {
        return "inbound '" + inbound.tag() + "'";
    }
}
