package com.atlassecure.bot.support;

import com.atlassecure.bot.support.FaultServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A {@link FaultServer} script that answers add-user and update-user as a working API would: the uuid sent, the
 * expiry sent, and a link for that uuid; and a key's devices as a node enforcing its limit would (one device
 * online, one blocked until a reset). Bot journeys that need a key delivered use it; the real API is exercised
 * in the e2e module.
 */
public final class EchoApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EchoApi() {}

    /** Client configs shaped as a node's API writes them (each app's own field names), for {@code uuid}. */
    public static String clientConfigs(String uuid) {
        return "{\"sing_box\":{\"type\":\"vless\",\"tag\":\"AtlasSecure\",\"server\":\"vpn.mynewllcw.com\","
                + "\"server_port\":4443,\"uuid\":\"" + uuid + "\",\"flow\":\"xtls-rprx-vision\"},\"clash\":{"
                + "\"name\":\"AtlasSecure\",\"type\":\"vless\",\"server\":\"vpn.mynewllcw.com\",\"port\":4443,"
                + "\"uuid\":\"" + uuid + "\"},\"xray\":{\"tag\":\"proxy\",\"protocol\":\"vless\",\"settings\":{"
                + "\"vnext\":[{\"address\":\"vpn.mynewllcw.com\",\"port\":4443,\"users\":[{\"id\":\"" + uuid
                + "\"}]}]}}}";
    }

    public static Function<FaultServer.Request, Reply> script() {
        return script(UnaryOperator.identity());
    }

    /** {@code link} may change the link the "API" answers, e.g. to stand for a rotated server key. */
    public static Function<FaultServer.Request, Reply> script(UnaryOperator<String> link) {
        // Per uuid: the device limit last sent, and whether a device is blocked (one is, until a reset).
        java.util.Map<String, Integer> limits = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> reset = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return request -> {
            try {
                if (request.path().equals("/users/traffic")) {
                    // Every uuid it ever held has moved 1,000 bytes up and 5,000 down on this node.
                    String users = held.stream()
                            .sorted()
                            .map(u -> "{\"uuid\":\"" + u + "\",\"uplink_bytes\":1000,\"downlink_bytes\":5000}")
                            .collect(java.util.stream.Collectors.joining(","));
                    return Reply.status(200, "{\"users\":[" + users + "]}");
                }
                JsonNode body = JSON.readTree(request.body());
                if (request.path().equals("/remove-user")) {
                    return Reply.status(200, "{\"uuid\":\"" + body.get("uuid").asText() + "\",\"removed\":true}");
                }
                if (request.path().startsWith("/users/devices")) {
                    String uuid = body.get("uuid").asText();
                    boolean resetting = request.path().endsWith("/reset");
                    int lifted = resetting && reset.add(uuid) ? 1 : 0;
                    return Reply.status(
                            200,
                            "{\"uuid\":\"" + uuid + "\",\"limit\":" + limits.getOrDefault(uuid, 5) + ",\"online\":1,"
                                    + "\"blocked\":" + (reset.contains(uuid) ? 0 : 1) + ",\"lifted\":" + lifted
                                    + ",\"enforced\":true,\"detail\":\"enforced\"}");
                }
                if (body.hasNonNull("device_limit")) {
                    limits.put(
                            body.get("uuid").asText(), body.get("device_limit").asInt());
                }
                String uuid = body.get("uuid").asText();
                long expiry = body.get("expiry_timestamp_ms").asLong();
                held.add(uuid);
                return Reply.status(
                        200,
                        "{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":" + expiry + ",\"vless_link\":\""
                                + link.apply(ScriptedXrayApi.linkFor(uuid)) + "\",\"client_configs\":"
                                + clientConfigs(uuid) + "}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
