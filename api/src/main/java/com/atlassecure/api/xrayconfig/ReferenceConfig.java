package com.atlassecure.api.xrayconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the reference Xray config: one VLESS + REALITY + Vision inbound, the gRPC API on loopback, and the stats
 * and policy that per-user traffic and online counts need. Also fills an operator's template with fresh values.
 */
public final class ReferenceConfig {
    public static final String INBOUND_TAG = "vless-reality";
    /** Customers must not reach the server's own network through the tunnel; CIDRs, since geoip.dat may be absent. */
    static final List<String> PRIVATE_RANGES = List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "::1/128",
            "fc00::/7",
            "fe80::/10");

    private ReferenceConfig() {}

    public static byte[] render(InitParameters p) {
        ObjectNode root = XrayConfig.JSON.createObjectNode();
        root.putObject("log").put("loglevel", "warning");
        ObjectNode api = root.putObject("api");
        api.put("tag", "api").put("listen", p.apiListen());
        api.putArray("services").add("HandlerService").add("StatsService");
        root.putObject("stats");
        ObjectNode policy = root.putObject("policy");
        policy.putObject("levels")
                .putObject("0")
                .put("statsUserUplink", true)
                .put("statsUserDownlink", true)
                .put("statsUserOnline", true);
        policy.putObject("system").put("statsInboundUplink", true).put("statsInboundDownlink", true);

        ObjectNode inbound = root.putArray("inbounds").addObject();
        inbound.put("tag", INBOUND_TAG)
                .put("listen", "0.0.0.0")
                .put("port", p.port())
                .put("protocol", "vless");
        ObjectNode settings = inbound.putObject("settings");
        settings.putArray("clients");
        settings.put("decryption", "none");
        ObjectNode stream = inbound.putObject("streamSettings");
        stream.put("network", "tcp").put("security", "reality");
        ObjectNode reality = stream.putObject("realitySettings");
        reality.put("show", false).put("target", p.target()).put("xver", 0);
        reality.putArray("serverNames").add(p.sni());
        reality.put("privateKey", p.keys().privateKey());
        reality.putArray("shortIds").add(p.shortId());
        ObjectNode sniffing = inbound.putObject("sniffing");
        sniffing.put("enabled", true);
        sniffing.putArray("destOverride").add("http").add("tls").add("quic");
        sniffing.put("routeOnly", true);

        ArrayNode outbounds = root.putArray("outbounds");
        outbounds.addObject().put("tag", "direct").put("protocol", "freedom");
        outbounds.addObject().put("tag", "block").put("protocol", "blackhole");
        ObjectNode routing = root.putObject("routing");
        routing.put("domainStrategy", "AsIs");
        ArrayNode rules = routing.putArray("rules");
        if (!p.allowPrivateDestinations()) {
            ObjectNode privateRule = rules.addObject().put("type", "field");
            PRIVATE_RANGES.forEach(privateRule.putArray("ip")::add);
            privateRule.put("outboundTag", "block");
        }
        ObjectNode torrent = rules.addObject().put("type", "field");
        torrent.putArray("protocol").add("bittorrent");
        torrent.put("outboundTag", "block");
        return pretty(root);
    }

    /** The operator's template with the VLESS REALITY inbound's port, names, target and keys replaced. */
    public static byte[] fill(byte[] template, String sourceName, InitParameters p) {
        XrayConfig parsed = XrayConfig.parse(template, sourceName);
        ObjectNode root;
        try {
            root = (ObjectNode) XrayConfig.JSON.readTree(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tag = parsed.inbound(null).tag();
        for (JsonNode node : root.path("inbounds")) {
            if (tag.equals(node.path("tag").asText("")) && node instanceof ObjectNode inbound) {
                inbound.put("port", p.port());
                ObjectNode reality = (ObjectNode) inbound.path("streamSettings").path("realitySettings");
                reality.remove("dest");
                reality.put("target", p.target());
                reality.putArray("serverNames").add(p.sni());
                reality.put("privateKey", p.keys().privateKey());
                reality.putArray("shortIds").add(p.shortId());
            }
        }
        if (root.path("api").isObject()) {
            ((ObjectNode) root.get("api")).put("listen", p.apiListen());
        }
        return pretty(root);
    }

    private static byte[] pretty(ObjectNode root) {
        try {
            byte[] body = XrayConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            byte[] withNewline = java.util.Arrays.copyOf(body, body.length + 1);
            withNewline[body.length] = '\n';
            return withNewline;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
