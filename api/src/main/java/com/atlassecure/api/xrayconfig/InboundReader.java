package com.atlassecure.api.xrayconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a VLESS REALITY inbound's JSON into {@link VlessRealityInbound}, naming the field that is wrong. */
final class InboundReader {
    private InboundReader() {}

    static boolean isVlessReality(JsonNode inbound) {
        return "vless".equalsIgnoreCase(inbound.path("protocol").asText())
                && "reality"
                        .equalsIgnoreCase(
                                inbound.path("streamSettings").path("security").asText());
    }

    static VlessRealityInbound read(JsonNode inbound, String source) {
        String tag = inbound.path("tag").asText("");
        String where = source + " inbound '" + tag + "'";
        if (!"vless".equalsIgnoreCase(inbound.path("protocol").asText())) {
            throw new XrayConfigException(
                    where + " has protocol '" + inbound.path("protocol").asText() + "', expected vless");
        }
        JsonNode settings = inbound.path("settings");
        JsonNode stream = inbound.path("streamSettings");
        JsonNode reality = stream.path("realitySettings");
        JsonNode clientList = settings.has("clients") ? settings.get("clients") : settings.path("users");
        List<ClientEntry> clients = new ArrayList<>();
        for (JsonNode c : clientList) {
            clients.add(new ClientEntry(
                    c.path("id").asText(null),
                    c.path("email").asText(null),
                    c.hasNonNull("flow") ? c.get("flow").asText() : null,
                    c.path("level").asInt(0),
                    c.hasNonNull("expiryTime") && c.get("expiryTime").canConvertToLong()
                            ? c.get("expiryTime").asLong()
                            : null));
        }
        return new VlessRealityInbound(
                tag,
                inbound.hasNonNull("listen") ? inbound.get("listen").asText() : null,
                port(inbound.path("port"), where),
                stream.path("network").asText("tcp").toLowerCase(Locale.ROOT),
                stream.path("security").asText("none").toLowerCase(Locale.ROOT),
                settings.hasNonNull("decryption") ? settings.get("decryption").asText() : null,
                strings(reality.path("serverNames")),
                reality.hasNonNull("privateKey") ? reality.get("privateKey").asText() : null,
                strings(reality.path("shortIds")),
                reality.hasNonNull("target")
                        ? reality.get("target").asText()
                        : reality.hasNonNull("dest") ? reality.get("dest").asText() : null,
                clients,
                reality.hasNonNull("minClientVer") ? reality.get("minClientVer").asText() : null,
                reality.hasNonNull("maxClientVer") ? reality.get("maxClientVer").asText() : null);
    }

    private static int port(JsonNode port, String where) {
        if (port.isInt()) {
            return port.asInt();
        }
        if (port.isTextual() && port.asText().strip().matches("\\d{1,5}")) {
            return Integer.parseInt(port.asText().strip());
        }
        throw new XrayConfigException(where + " must listen on a single port, got port=" + port);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
