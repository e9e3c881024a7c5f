package com.atlassecure.api.links;

import com.atlassecure.contract.users.ClientConfigs;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The per-app client configs of one user (issue 18, design principle 12), from the same {@link LinkParameters} the
 * {@code vless://} link is built from, so that every format names the same server, key, SNI, short id, fingerprint and
 * the Vision flow. Field names are each app's own: sing-box's outbound, Mihomo's proxy entry, Xray's outbound.
 */
public final class ClientConfigBuilder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String FLOW = "xtls-rprx-vision";

    private final LinkParameters p;

    public ClientConfigBuilder(LinkParameters parameters) {
        // The link's own checks (host form, required values) apply to the configs too.
        VlessLinks.template(parameters);
        this.p = parameters;
    }

    public ClientConfigs configs(String uuid) {
        return new ClientConfigs(singBox(uuid), clash(uuid), xray(uuid));
    }

    ObjectNode singBox(String uuid) {
        ObjectNode out = JSON.objectNode();
        out.put("type", "vless").put("tag", p.remark()).put("server", p.host()).put("server_port", p.port());
        out.put("uuid", uuid).put("flow", FLOW);
        ObjectNode tls = out.putObject("tls");
        tls.put("enabled", true).put("server_name", p.sni());
        tls.putObject("utls").put("enabled", true).put("fingerprint", p.fingerprint());
        tls.putObject("reality")
                .put("enabled", true)
                .put("public_key", p.publicKey())
                .put("short_id", p.shortId());
        return out;
    }

    ObjectNode clash(String uuid) {
        ObjectNode proxy = JSON.objectNode();
        proxy.put("name", p.remark())
                .put("type", "vless")
                .put("server", p.host())
                .put("port", p.port());
        proxy.put("uuid", uuid)
                .put("network", "tcp")
                .put("tls", true)
                .put("udp", true)
                .put("flow", FLOW);
        proxy.put("servername", p.sni()).put("client-fingerprint", p.fingerprint());
        proxy.putObject("reality-opts").put("public-key", p.publicKey()).put("short-id", p.shortId());
        return proxy;
    }

    ObjectNode xray(String uuid) {
        ObjectNode out = JSON.objectNode();
        out.put("tag", "proxy").put("protocol", "vless");
        ObjectNode server = out.putObject("settings").putArray("vnext").addObject();
        server.put("address", p.host()).put("port", p.port());
        server.putArray("users")
                .addObject()
                .put("id", uuid)
                .put("encryption", "none")
                .put("flow", FLOW);
        ObjectNode stream = out.putObject("streamSettings");
        stream.put("network", "tcp").put("security", "reality");
        stream.putObject("realitySettings")
                .put("serverName", p.sni())
                .put("fingerprint", p.fingerprint())
                .put("publicKey", p.publicKey())
                .put("shortId", p.shortId());
        return out;
    }
}
