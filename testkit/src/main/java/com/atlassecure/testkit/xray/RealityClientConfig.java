package com.atlassecure.testkit.xray;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Builds a client xray config for tests: a SOCKS5 inbound on 127.0.0.1 and a VLESS + REALITY outbound to the
 * server under test, so plain HTTP through the SOCKS port proves the whole tunnel works.
 */
public final class RealityClientConfig {

    private int socksPort;
    private String serverAddress = "127.0.0.1";
    private int serverPort;
    private String serverName = RealityTarget.DEFAULT_SERVER_NAME;
    private String fingerprint = "chrome";
    private String publicKey;
    private String shortId;
    private String userId;
    private String flow = RealityServerConfig.VISION;
    private String sendThrough;
    private String logLevel = "info";

    private RealityClientConfig() {}

    /** A builder; serverPort, publicKey, shortId and userId are required. */
    public static RealityClientConfig builder() {
        return new RealityClientConfig();
    }

    /** Server port, SNI and public key from the server's builder (its first server name). */
    public RealityClientConfig server(RealityServerConfig server, String publicKey) {
        this.serverPort = server.port();
        this.serverName = server.serverName();
        this.publicKey = publicKey;
        return this;
    }

    public RealityClientConfig socksPort(int socksPort) {
        this.socksPort = socksPort;
        return this;
    }

    public RealityClientConfig serverAddress(String serverAddress) {
        this.serverAddress = serverAddress;
        return this;
    }

    public RealityClientConfig serverPort(int serverPort) {
        this.serverPort = serverPort;
        return this;
    }

    public RealityClientConfig serverName(String serverName) {
        this.serverName = serverName;
        return this;
    }

    public RealityClientConfig fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
        return this;
    }

    public RealityClientConfig publicKey(String publicKey) {
        this.publicKey = publicKey;
        return this;
    }

    public RealityClientConfig shortId(String shortId) {
        this.shortId = shortId;
        return this;
    }

    public RealityClientConfig userId(String userId) {
        this.userId = userId;
        return this;
    }

    /** "" for no flow, default {@link RealityServerConfig#VISION}. */
    public RealityClientConfig flow(String flow) {
        this.flow = flow;
        return this;
    }

    /** Local source address of the outbound connection (e.g. 127.0.0.2), so one server sees distinct client IPs. */
    public RealityClientConfig sendThrough(String sendThrough) {
        this.sendThrough = sendThrough;
        return this;
    }

    public RealityClientConfig logLevel(String logLevel) {
        this.logLevel = logLevel;
        return this;
    }

    /** The SOCKS5 port (picked on first use if unset). */
    public int socksPort() {
        if (socksPort == 0) {
            socksPort = FreePorts.loopbackPort();
        }
        return socksPort;
    }

    /** The config as a mutable Jackson tree. */
    public ObjectNode build() {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(shortId, "shortId");
        Objects.requireNonNull(userId, "userId");
        if (serverPort == 0) {
            throw new IllegalStateException("serverPort is required");
        }
        ObjectNode root = XrayConfigs.MAPPER.createObjectNode();
        root.putObject("log").put("loglevel", logLevel);
        ObjectNode socks = root.putArray("inbounds").addObject();
        socks.put("tag", "socks-in")
                .put("listen", "127.0.0.1")
                .put("port", socksPort())
                .put("protocol", "socks");
        socks.putObject("settings").put("auth", "noauth").put("udp", false);
        ObjectNode vless = root.putArray("outbounds").addObject();
        vless.put("tag", "vless-out").put("protocol", "vless");
        if (sendThrough != null) {
            vless.put("sendThrough", sendThrough);
        }
        ObjectNode server = vless.putObject("settings").putArray("vnext").addObject();
        server.put("address", serverAddress).put("port", serverPort);
        server.putArray("users").addObject().put("id", userId).put("flow", flow).put("encryption", "none");
        ObjectNode stream = vless.putObject("streamSettings");
        stream.put("network", "tcp").put("security", "reality");
        stream.putObject("realitySettings")
                .put("serverName", serverName)
                .put("fingerprint", fingerprint)
                .put("publicKey", publicKey)
                .put("shortId", shortId)
                .put("spiderX", "/");
        return root;
    }

    /** The config as pretty-printed JSON. */
    public String toJson() {
        return XrayConfigs.render(build());
    }
}
