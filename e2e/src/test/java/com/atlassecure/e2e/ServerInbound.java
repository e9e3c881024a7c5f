package com.atlassecure.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VLESS REALITY inbound as the Xray config file on disk says, read by the test itself: the facts a correct link
 * must match (port, serverNames, the private key behind pbk, shortIds) and the clients the API has written.
 */
record ServerInbound(String tag, int port, List<String> serverNames, String privateKey, List<String> shortIds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ServerInbound read(Path configFile) {
        JsonNode inbound = vlessInbound(load(configFile), configFile);
        JsonNode reality = inbound.path("streamSettings").path("realitySettings");
        return new ServerInbound(
                inbound.path("tag").asText(),
                inbound.path("port").asInt(),
                strings(reality.path("serverNames")),
                reality.path("privateKey").asText(),
                strings(reality.path("shortIds")));
    }

    /** id to flow of every client in the file's inbound ("" when a client has no flow). */
    static Map<String, String> clientFlows(Path configFile) {
        JsonNode settings = vlessInbound(load(configFile), configFile).path("settings");
        // Xray v26.5.9 renamed "clients" to "users"; accept either so the check survives that upgrade.
        JsonNode clients = settings.has("users") ? settings.path("users") : settings.path("clients");
        Map<String, String> flows = new LinkedHashMap<>();
        for (JsonNode client : clients) {
            flows.put(client.path("id").asText(), client.path("flow").asText(""));
        }
        return flows;
    }

    private static JsonNode vlessInbound(JsonNode root, Path configFile) {
        for (JsonNode inbound : root.path("inbounds")) {
            if ("vless".equals(inbound.path("protocol").asText())
                    && "reality"
                            .equals(inbound.path("streamSettings")
                                    .path("security")
                                    .asText())) {
                return inbound;
            }
        }
        throw new IllegalStateException(configFile + " has no VLESS REALITY inbound");
    }

    private static JsonNode load(Path configFile) {
        try {
            return JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
