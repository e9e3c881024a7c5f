package com.atlassecure.testkit.xray;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a server config for tests: one VLESS + REALITY (+ Vision) inbound on 127.0.0.1, the gRPC "api" block with
 * HandlerService and StatsService, per-user stats, and a freedom outbound. Unset ports are picked free.
 */
public final class RealityServerConfig {

    /** The flow every Atlas client must use. */
    public static final String VISION = "xtls-rprx-vision";

    /** The default inbound tag. */
    public static final String DEFAULT_TAG = "vless-reality";

    /** One entry of the inbound's settings.clients. */
    public record Client(String id, String email, String flow) {}

    private int port;
    private int apiPort;
    private String tag = DEFAULT_TAG;
    private List<String> serverNames = List.of(RealityTarget.DEFAULT_SERVER_NAME);
    private String privateKey;
    private List<String> shortIds;
    private String target;
    private String logLevel = "info";
    private String minClientVer;
    private final List<Client> clients = new ArrayList<>();

    private RealityServerConfig() {}

    /** A builder; privateKey, shortIds and target are required. */
    public static RealityServerConfig builder() {
        return new RealityServerConfig();
    }

    public RealityServerConfig port(int port) {
        this.port = port;
        return this;
    }

    public RealityServerConfig apiPort(int apiPort) {
        this.apiPort = apiPort;
        return this;
    }

    public RealityServerConfig tag(String tag) {
        this.tag = tag;
        return this;
    }

    public RealityServerConfig serverNames(String... serverNames) {
        this.serverNames = List.of(serverNames);
        return this;
    }

    public RealityServerConfig privateKey(String privateKey) {
        this.privateKey = privateKey;
        return this;
    }

    public RealityServerConfig shortIds(String... shortIds) {
        this.shortIds = List.of(shortIds);
        return this;
    }

    /** REALITY's target ("dest"), normally {@link RealityTarget#address()}. */
    public RealityServerConfig target(String target) {
        this.target = target;
        return this;
    }

    /** Sets privateKey, serverNames and target from a running local target and a key pair. */
    public RealityServerConfig reality(RealityTarget realityTarget, TestRealityKeys.KeyPair keys) {
        this.target = realityTarget.address();
        this.serverNames = List.of(realityTarget.serverName());
        this.privateKey = keys.privateKey();
        return this;
    }

    /** Adds a client; flow is "" or {@link #VISION}. */
    public RealityServerConfig client(String id, String email, String flow) {
        clients.add(new Client(id, email, flow));
        return this;
    }

    /** xray's log.loglevel (debug, info, warning, error, none); default info. */
    /** realitySettings.minClientVer, as production writes it (1.8.1); unset by default, as Xray's own default. */
    public RealityServerConfig minClientVer(String version) {
        this.minClientVer = version;
        return this;
    }

    public RealityServerConfig logLevel(String logLevel) {
        this.logLevel = logLevel;
        return this;
    }

    /** The inbound port (picked on first use if unset). */
    public int port() {
        if (port == 0) {
            port = FreePorts.loopbackPort();
        }
        return port;
    }

    /** The gRPC API port (picked on first use if unset). */
    public int apiPort() {
        if (apiPort == 0) {
            apiPort = FreePorts.loopbackPort();
        }
        return apiPort;
    }

    public String tag() {
        return tag;
    }

    /** The first server name, the SNI a client should send. */
    public String serverName() {
        return serverNames.get(0);
    }

    /** The config as a mutable Jackson tree, for tests that need to bend it further. */
    public ObjectNode build() {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(shortIds, "shortIds");
        Objects.requireNonNull(target, "target");
        ObjectNode root = XrayConfigs.MAPPER.createObjectNode();
        root.putObject("log").put("loglevel", logLevel);
        ObjectNode api = root.putObject("api");
        api.put("tag", "api").put("listen", "127.0.0.1:" + apiPort());
        // RoutingService and the blackhole "block" outbound are what the device limit adds its block rules with.
        api.putArray("services").add("HandlerService").add("StatsService").add("RoutingService");
        root.putObject("stats");
        root.putObject("policy")
                .putObject("levels")
                .putObject("0")
                .put("statsUserUplink", true)
                .put("statsUserDownlink", true)
                .put("statsUserOnline", true);
        root.putArray("inbounds").add(inbound());
        root.putArray("outbounds")
                .add(loopbackFreedom())
                .addObject()
                .put("tag", "block")
                .put("protocol", "blackhole");
        // Without a routing block Xray runs no router, and RoutingService can add no rule.
        root.putObject("routing").putArray("rules");
        return root;
    }

    /**
     * A freedom outbound that may dial loopback: tests put their upstream on 127.0.0.1, which Xray 26.4.15+ refuses
     * by default (holding the connection open for 30-90 s first). 26.3.27 ignores {@code finalRules}, so one config
     * serves both server versions.
     */
    public static ObjectNode loopbackFreedom() {
        ObjectNode outbound = XrayConfigs.MAPPER.createObjectNode();
        outbound.put("tag", "direct").put("protocol", "freedom");
        ObjectNode rule = outbound.putObject("settings").putArray("finalRules").addObject();
        rule.put("action", "allow");
        rule.putArray("ip").add("127.0.0.0/8").add("::1/128");
        return outbound;
    }

    /** The config as pretty-printed JSON. */
    public String toJson() {
        return XrayConfigs.render(build());
    }

    private ObjectNode inbound() {
        ObjectNode inbound = XrayConfigs.MAPPER.createObjectNode();
        inbound.put("tag", tag).put("listen", "127.0.0.1").put("port", port()).put("protocol", "vless");
        ObjectNode settings = inbound.putObject("settings");
        ArrayNode clientNodes = settings.putArray("clients");
        for (Client client : clients) {
            clientNodes
                    .addObject()
                    .put("id", client.id())
                    .put("email", client.email())
                    .put("flow", client.flow())
                    .put("level", 0);
        }
        settings.put("decryption", "none");
        ObjectNode stream = inbound.putObject("streamSettings");
        stream.put("network", "tcp").put("security", "reality");
        ObjectNode reality = stream.putObject("realitySettings");
        reality.put("show", false).put("target", target).put("xver", 0);
        serverNames.forEach(reality.putArray("serverNames")::add);
        reality.put("privateKey", privateKey);
        shortIds.forEach(reality.putArray("shortIds")::add);
        if (minClientVer != null) {
            reality.put("minClientVer", minClientVer);
        }
        return inbound;
    }
}
