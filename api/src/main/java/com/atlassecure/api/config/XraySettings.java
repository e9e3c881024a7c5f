package com.atlassecure.api.config;

import java.nio.file.Path;

/**
 * How the API reaches the Xray it runs beside: the config.json it owns, the inbound's tag ({@code null}: the only
 * VLESS REALITY inbound), the gRPC API address and the binary for {@code xray version}.
 */
public record XraySettings(Path configPath, String inboundTag, String grpcAddress, String binary) {}
