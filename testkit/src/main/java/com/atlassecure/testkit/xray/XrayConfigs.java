package com.atlassecure.testkit.xray;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the few facts XrayProcess needs from a config (api port, inbound ports) and renders JSON. */
final class XrayConfigs {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A TCP inbound that should accept connections once xray is up. */
    record Inbound(String tag, String host, int port) {}

    private XrayConfigs() {}

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("xray config is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String render(JsonNode config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render xray config", e);
        }
    }

    /** The port of the top-level "api" block's listen address, if the config has one. */
    static Optional<Integer> apiPort(JsonNode config) {
        String listen = config.path("api").path("listen").asText("");
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(listen.substring(colon + 1)));
    }

    static List<Inbound> tcpInbounds(JsonNode config) {
        List<Inbound> inbounds = new ArrayList<>();
        for (JsonNode inbound : config.path("inbounds")) {
            if (!inbound.path("port").canConvertToInt()) {
                continue; // port ranges and env ports are not ours to probe
            }
            String listen = inbound.path("listen").asText("127.0.0.1");
            String host = listen.isEmpty() || listen.equals("0.0.0.0") || listen.equals("::") ? "127.0.0.1" : listen;
            inbounds.add(new Inbound(
                    inbound.path("tag").asText(""), host, inbound.path("port").asInt()));
        }
        return inbounds;
    }

    static Optional<String> firstInboundTag(JsonNode config) {
        for (Inbound inbound : tcpInbounds(config)) {
            if (!inbound.tag().isEmpty()) {
                return Optional.of(inbound.tag());
            }
        }
        return Optional.empty();
    }
}
