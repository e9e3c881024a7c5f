package com.atlassecure.bot.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Assembles a feed into each app's body (design principle 12: the pieces are the nodes' own). The one thing this
 * class changes in a piece is its display name, set to "{remark} {node}" so that two nodes' entries differ: sing-box
 * and Mihomo refuse two outbounds of one name, and a customer should see which server they are on. Every server
 * parameter passes through untouched.
 */
final class FeedBodies {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    /** Where the sing-box and Xray bodies listen locally when an app runs them as they are (desktop cores). */
    static final int SING_BOX_MIXED_PORT = 2080;

    static final int XRAY_SOCKS_PORT = 10808;
    static final int CLASH_MIXED_PORT = 7890;

    private FeedBodies() {}

    static byte[] render(ClientFormat format, Feed feed) {
        switch (format) {
            case SING_BOX:
                return json(singBox(feed));
            case CLASH:
                return clash(feed);
            case XRAY:
                return json(xray(feed));
            case BASE64:
            default:
                return base64(feed);
        }
    }

    /** The display name of a node's entry: the remark the node gave its link, then the node's name. */
    static String name(Feed.Entry entry) {
        String remark;
        try {
            remark = URI.create(entry.link()).getFragment();
        } catch (IllegalArgumentException e) {
            remark = null;
        }
        return (remark == null || remark.isBlank() ? "" : remark.strip() + " ") + entry.node();
    }

    static byte[] base64(Feed feed) {
        List<String> links = new ArrayList<>();
        for (Feed.Entry entry : feed.entries()) {
            String link = entry.link();
            int hash = link.indexOf('#');
            String bare = hash < 0 ? link : link.substring(0, hash);
            links.add(bare + "#"
                    + URLEncoder.encode(name(entry), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return Base64.getEncoder().encode(String.join("\n", links).getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode singBox(Feed feed) {
        ObjectNode config = JSON.objectNode();
        config.putObject("log").put("level", "warn");
        config.putArray("inbounds")
                .addObject()
                .put("type", "mixed")
                .put("tag", "mixed-in")
                .put("listen", "127.0.0.1")
                .put("listen_port", SING_BOX_MIXED_PORT);
        ArrayNode outbounds = config.putArray("outbounds");
        List<String> names = new ArrayList<>();
        List<ObjectNode> servers = new ArrayList<>();
        for (Feed.Entry entry : feed.entries()) {
            if (entry.configs() != null && entry.configs().path("sing_box").isObject()) {
                ObjectNode outbound = entry.configs().get("sing_box").deepCopy();
                outbound.put("tag", name(entry));
                names.add(name(entry));
                servers.add(outbound);
            }
        }
        if (!names.isEmpty()) {
            ObjectNode selector = outbounds.addObject().put("type", "selector").put("tag", "proxy");
            names.forEach(selector.putArray("outbounds")::add);
            selector.put("default", names.get(0));
        }
        servers.forEach(outbounds::add);
        outbounds.addObject().put("type", "direct").put("tag", "direct");
        ObjectNode route = config.putObject("route");
        if (names.isEmpty()) {
            // No access: refuse everything rather than let an app route the customer's traffic around the VPN.
            route.putArray("rules").addObject().put("action", "reject");
        } else {
            route.put("final", "proxy");
        }
        return config;
    }

    static byte[] clash(Feed feed) {
        ObjectNode config = JSON.objectNode();
        config.put("mixed-port", CLASH_MIXED_PORT)
                .put("allow-lan", false)
                .put("mode", "rule")
                .put("log-level", "warning");
        ArrayNode proxies = config.putArray("proxies");
        ArrayNode members = JSON.arrayNode();
        for (Feed.Entry entry : feed.entries()) {
            if (entry.configs() != null && entry.configs().path("clash").isObject()) {
                ObjectNode proxy = entry.configs().get("clash").deepCopy();
                proxy.put("name", name(entry));
                proxies.add(proxy);
                members.add(name(entry));
            }
        }
        if (members.isEmpty()) {
            members.add("REJECT");
        }
        ObjectNode group = config.putArray("proxy-groups").addObject();
        group.put("name", "Atlas Secure").put("type", "select").set("proxies", members);
        config.putArray("rules").add("MATCH,Atlas Secure");
        try {
            return YAML.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Clash body", e);
        }
    }

    /** One complete Xray client config per node, as a JSON array (the form v2rayN and Happ import). */
    static ArrayNode xray(Feed feed) {
        ArrayNode configs = JSON.arrayNode();
        for (Feed.Entry entry : feed.entries()) {
            JsonNode outbound = entry.configs() == null ? null : entry.configs().get("xray");
            if (outbound == null || !outbound.isObject()) {
                continue;
            }
            ObjectNode config = configs.addObject();
            config.put("remarks", name(entry));
            config.putObject("log").put("loglevel", "warning");
            ObjectNode socks = config.putArray("inbounds").addObject();
            socks.put("tag", "socks")
                    .put("listen", "127.0.0.1")
                    .put("port", XRAY_SOCKS_PORT)
                    .put("protocol", "socks");
            socks.putObject("settings").put("udp", true);
            ArrayNode outbounds = config.putArray("outbounds");
            outbounds.add(outbound.deepCopy());
            outbounds.addObject().put("tag", "direct").put("protocol", "freedom");
        }
        return configs;
    }

    private static byte[] json(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a subscription body", e);
        }
    }
}
