package com.atlassecure.api.xrayconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Fills the reference Xray config (deploy/xray/config.json, bundled into the jar at build time so there is one
 * source of truth) or an operator's own template with a port, server name, target and fresh REALITY keys.
 */
public final class ReferenceConfig {
    public static final String INBOUND_TAG = "vless-reality";
    /** The routing rule that keeps customers out of the server's own networks; dropped only for local testing. */
    static final String PRIVATE_RANGES_RULE = "customers-no-private-ranges";

    private ReferenceConfig() {}

    /** The bundled reference config, filled. */
    public static byte[] render(InitParameters p) {
        return fill(bundledTemplate(), "bundled deploy/xray/config.json", p);
    }

    /** The template with its VLESS REALITY inbound's port, names, target and keys replaced. */
    public static byte[] fill(byte[] template, String sourceName, InitParameters p) {
        String tag = XrayConfig.parse(template, sourceName).inbound(null).tag();
        ObjectNode root;
        try {
            root = (ObjectNode) XrayConfig.JSON.readTree(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode node : root.path("inbounds")) {
            if (tag.equals(node.path("tag").asText("")) && node instanceof ObjectNode inbound) {
                inbound.put("port", p.port());
                ObjectNode reality = (ObjectNode) inbound.path("streamSettings").path("realitySettings");
                reality.remove("dest");
                reality.put("target", p.target());
                reality.putArray("serverNames").add(p.sni());
                reality.put("privateKey", p.keys().privateKey());
                reality.putArray("shortIds").add(p.shortId());
                reality.put("minClientVer", p.minClientVer());
            }
        }
        if (root.path("api").isObject()) {
            ((ObjectNode) root.get("api")).put("listen", p.apiListen());
        }
        if (p.allowPrivateDestinations()) {
            allowPrivateDestinations(root);
        }
        return pretty(root);
    }

    /**
     * Local testing only: drops our routing rule and, because Xray 26.4.15+ also refuses private and loopback
     * destinations inside the freedom outbound itself, lets every freedom outbound dial them ({@code finalRules},
     * which 26.3.27 ignores). Without the second half a dev setup works on 26.3.27 and silently stalls on 26.7.
     */
    private static void allowPrivateDestinations(ObjectNode root) {
        if (root.path("routing").path("rules") instanceof ArrayNode rules) {
            for (Iterator<JsonNode> it = rules.elements(); it.hasNext(); ) {
                if (PRIVATE_RANGES_RULE.equals(it.next().path("ruleTag").asText())) {
                    it.remove();
                }
            }
        }
        for (JsonNode outbound : root.path("outbounds")) {
            if ("freedom".equals(outbound.path("protocol").asText()) && outbound instanceof ObjectNode freedom) {
                ObjectNode settings = freedom.path("settings") instanceof ObjectNode existing
                        ? existing
                        : freedom.putObject("settings");
                settings.putArray("finalRules").addObject().put("action", "allow");
            }
        }
    }

    static byte[] bundledTemplate() {
        try (InputStream in = ReferenceConfig.class.getResourceAsStream("config.json")) {
            if (in == null) {
                throw new IllegalStateException("the reference config is missing from the jar; rebuild the api module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
