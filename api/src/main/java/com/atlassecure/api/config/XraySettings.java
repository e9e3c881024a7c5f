package com.atlassecure.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the API reaches the Xray it runs beside: the config.json it owns, the inbound's tag ({@code null}: the only
 * VLESS REALITY inbound), the gRPC API address, the binary for {@code xray version}, and the restart command with
 * its timeout.
 */
public record XraySettings(
        Path configPath,
        String inboundTag,
        String grpcAddress,
        String binary,
        List<String> restartCommand,
        Duration restartTimeout) {

    public XraySettings {
        restartCommand = List.copyOf(restartCommand);
    }
}
