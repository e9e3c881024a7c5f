package com.atlassecure.api;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.StartupCheckException;
import com.atlassecure.api.config.StartupChecks;
import com.atlassecure.api.config.VerifiedInbound;
import com.atlassecure.api.devices.DeviceLimit;
import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.api.xrayconfig.XrayConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * What start-up keeps of config.json once verified: the inbound's tag and link, its clients for the first import,
 * the file without clients for the renderer, whether Xray keeps the online stats session closing reads, and what the
 * config lacks for the device limit. The
 * parsed document itself is let go.
 */
record StartingConfig(
        String tag,
        LinkParameters link,
        List<ClientEntry> clients,
        int missingFlow,
        byte[] skeleton,
        boolean onlineStats,
        Optional<String> deviceLimitGap) {

    /**
     * Loads and verifies config.json. A method of its own so that the parsed document (the whole tree, at 100k
     * clients the largest object the API ever holds) is garbage as soon as it returns.
     */
    static StartingConfig load(ApiSettings settings) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(settings.xray().configPath());
        } catch (IOException e) {
            throw new XrayConfigException(
                    "cannot read Xray config " + settings.xray().configPath() + ": " + e.getMessage(), e);
        }
        XrayConfig config = XrayConfig.parse(raw, settings.xray().configPath().toString());
        VerifiedInbound verified = StartupChecks.verify(settings, config);
        String tag = verified.inbound().tag();
        if (tag == null || tag.isBlank()) {
            // Xray's AlterInbound addresses an inbound only by tag: without one no user can ever be added live.
            throw new StartupCheckException(
                    List.of("the VLESS REALITY inbound in " + settings.xray().configPath()
                            + " has no \"tag\"; give it one (e.g. \"vless-reality\") and set XRAY_INBOUND_TAG to it"));
        }
        return new StartingConfig(
                tag,
                verified.link(),
                verified.inbound().clients(),
                verified.clientsMissingFlow().size(),
                config.withClients(tag, List.of()),
                config.userOnlineStatsEnabled(),
                DeviceLimit.configGap(config, settings.devices()));
    }
}
