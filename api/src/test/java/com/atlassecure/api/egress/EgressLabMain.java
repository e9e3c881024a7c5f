package com.atlassecure.api.egress;

import com.atlassecure.api.reality.RealityKeyPair;
import com.atlassecure.api.xrayconfig.InitParameters;
import com.atlassecure.api.xrayconfig.ReferenceConfig;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs inside the test's network namespace (as root there): the rebinding DNS, a marker service on every local
 * address, a REALITY target, the production xray config (from {@code init}) run as a dedicated uid, optionally
 * the host egress ruleset, and a customer's xray client. Prints one {@code PROBE} line per destination tried
 * through the tunnel; {@link CustomerEgressXrayIT} asserts on them.
 *
 * <p>Args: xray-binary uid egress-script|none freedom-strategy|reference [router-strategy|reference]
 */
public final class EgressLabMain {
    // Public unicast, outside every range Xray 26.4+ refuses by default (its list includes the RFC 5737 TEST-NETs and
    // the
    // .test TLD), so the controls mean the same on both server versions; they live on lo of the lab's own namespace,
    // which has no route anywhere else.
    static final String OWN_V4 = "100.128.0.10";
    static final String OWN_V6 = "2001:db8:ffff::10";
    static final String SITE_V4 = "100.128.0.20";
    static final String RESOLVER = "127.0.0.53";
    static final int MARKER_PORT = 7001;
    static final int XRAY_PORT = 4443;
    static final int API_PORT = 10085;
    static final String TABLE = "inet atlas_xray_egress";

    private EgressLabMain() {}

    public static void main(String[] args) throws Exception {
        XrayBinary xray = new XrayBinary(Path.of(args[0]));
        int uid = Integer.parseInt(args[1]);
        String ruleset = args[2];
        String freedomStrategy = args[3];
        String routerStrategy = args.length > 4 ? args[4] : "reference";
        String dnsBlock = args.length > 5 ? args[5] : "reference";
        Path dir = Files.createTempDirectory("atlas-egress-lab-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<AutoCloseable> open = new ArrayList<>();
        int status = 0;
        try {
            Path wrapper = asUid(xray.path(), uid, dir);
            RebindingDns dns = RebindingDns.start(RESOLVER, 53, OWN_V4, SITE_V4);
            open.add(dns);
            open.add(MarkerServer.start("0.0.0.0", MARKER_PORT));
            open.add(MarkerServer.start("::", MARKER_PORT + 1));
            RealityTarget target = RealityTarget.start("www.example.com");
            open.add(target);
            if (!"none".equals(ruleset)) {
                // The deploy script itself, with the namespace's stand-in public addresses as the host's own.
                System.out.println("EGRESS-SCRIPT "
                        + run("bash", ruleset, "--user", String.valueOf(uid), "--own", OWN_V4, "--own", OWN_V6)
                                .strip());
                // The one loopback destination the test's xray legitimately needs: REALITY's target stands in for
                // www.microsoft.com:443 here, so it lives on 127.0.0.1 in the namespace.
                run(
                        "nft",
                        "insert",
                        "rule",
                        TABLE,
                        "output",
                        "meta",
                        "skuid",
                        String.valueOf(uid),
                        "ip",
                        "daddr",
                        "127.0.0.1",
                        "tcp",
                        "dport",
                        String.valueOf(target.port()),
                        "accept");
                System.out.println("NFT " + run("nft", "list", "table", TABLE).replace('\n', ' '));
            }
            TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
            String shortId = TestRealityKeys.newShortId();
            ObjectNode server = (ObjectNode) new ObjectMapper()
                    .readTree(ReferenceConfig.render(new InitParameters(
                            XRAY_PORT,
                            target.serverName(),
                            target.address(),
                            "127.0.0.1:" + API_PORT,
                            new RealityKeyPair(keys.privateKey(), keys.publicKey()),
                            shortId,
                            false)));
            String userId = UUID.randomUUID().toString();
            ObjectNode inbound = (ObjectNode) server.path("inbounds").get(0);
            ((ArrayNode) inbound.path("settings").path("clients"))
                    .addObject()
                    .put("id", userId)
                    .put("email", "user_1")
                    .put("flow", RealityServerConfig.VISION);
            ((ObjectNode) server.path("log")).put("loglevel", "info").remove("access");
            if (!"reference".equals(freedomStrategy)) {
                ObjectNode freedom = (ObjectNode) server.path("outbounds").get(0);
                freedom.putObject("settings").put("domainStrategy", freedomStrategy);
            }
            if (!"reference".equals(routerStrategy)) {
                ((ObjectNode) server.path("routing")).put("domainStrategy", routerStrategy);
            }
            if (!"reference".equals(dnsBlock)) {
                server.set("dns", new ObjectMapper().readTree(dnsBlock));
            }
            System.out.println("CONFIG outbounds=" + server.path("outbounds") + " routing.domainStrategy="
                    + server.path("routing").path("domainStrategy") + " dns=" + server.path("dns"));
            XrayProcess xrayServer = XrayProcess.create(new XrayBinary(wrapper), server);
            open.add(xrayServer);
            xrayServer.start();
            RealityClientConfig client = RealityClientConfig.builder()
                    .serverPort(XRAY_PORT)
                    .serverName(target.serverName())
                    .publicKey(keys.publicKey())
                    .shortId(shortId)
                    .userId(userId)
                    .logLevel("warning");
            XrayProcess xrayClient = XrayProcess.create(xray, client.build());
            open.add(xrayClient);
            xrayClient.start();
            int socks = client.socksPort();
            probe("site_by_name_control", TunnelProbe.marker(socks, "site-1.rebind.atlas-lab.net", MARKER_PORT));
            probe("site_by_ip_control", TunnelProbe.marker(socks, SITE_V4, MARKER_PORT));
            probe(
                    "rebinding_name_to_loopback_service",
                    TunnelProbe.marker(socks, "rebind-1.rebind.atlas-lab.net", MARKER_PORT));
            probe("rebinding_name_to_xray_grpc", TunnelProbe.grpc(socks, "rebind-2.rebind.atlas-lab.net", API_PORT));
            probe("servfail_then_loopback_name", TunnelProbe.marker(socks, "fail-1.rebind.atlas-lab.net", MARKER_PORT));
            probe("always_loopback_name", TunnelProbe.marker(socks, "loop-1.rebind.atlas-lab.net", MARKER_PORT));
            probe("loopback_ip", TunnelProbe.marker(socks, "127.0.0.1", MARKER_PORT));
            probe("loopback_ip_xray_grpc", TunnelProbe.grpc(socks, "127.0.0.1", API_PORT));
            probe("localhost", TunnelProbe.marker(socks, "localhost", MARKER_PORT));
            probe("own_public_ipv4", TunnelProbe.marker(socks, OWN_V4, MARKER_PORT));
            probe("own_public_ipv6", TunnelProbe.marker(socks, OWN_V6, MARKER_PORT + 1));
            probe("own_public_name", TunnelProbe.marker(socks, "own-1.rebind.atlas-lab.net", MARKER_PORT));
            for (String name : List.of("rebind-1.rebind.atlas-lab.net", "fail-1.rebind.atlas-lab.net")) {
                System.out.println("DNS-COUNT name=" + name + " a_queries=" + dns.aQueries(name));
            }
            System.out.println("SERVER-LOG\n" + xrayServer.log());
        } catch (Exception e) {
            e.printStackTrace(System.out);
            status = 1;
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("LAB-DONE status=" + status);
        System.exit(status);
    }

    private static void probe(String name, TunnelProbe.Result result) {
        System.out.println("PROBE name=" + name + " reached=" + result.reached() + " detail=" + result.detail());
    }

    /** A copy of xray any uid can execute, and a wrapper that runs it as that uid (config on stdin). */
    private static Path asUid(Path xray, int uid, Path dir) throws IOException {
        Path copy = dir.resolve("xray");
        Files.copy(xray, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path wrapper = dir.resolve("xray-as-" + uid);
        Files.writeString(
                wrapper,
                "#!/bin/sh\n"
                        + "if [ \"$1\" = run ] && [ \"$2\" = -c ]; then\n"
                        + "  exec setpriv --reuid=" + uid + " --regid=" + uid + " --clear-groups " + copy
                        + " run -c stdin: < \"$3\"\n"
                        + "fi\n"
                        + "exec " + copy + " \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
