package com.atlassecure.api.config;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.reality.RealityKeys;
import com.atlassecure.api.xrayconfig.ApiBlock;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.api.xrayconfig.XrayConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Proves at start that the settings agree with the Xray config the API owns (design principle 1, audit
 * recommendation 5). Every mismatch is collected, so an operator fixes them all in one pass.
 */
public final class StartupChecks {
    private static final Set<String> TCP_NETWORKS = Set.of("tcp", "raw");

    private StartupChecks() {}

    public static VerifiedInbound verify(ApiSettings s, XrayConfig cfg) {
        VlessRealityInbound inbound;
        try {
            inbound = cfg.inbound(s.inboundTag());
        } catch (XrayConfigException e) {
            throw new StartupCheckException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>(problems(s, cfg, inbound));
        if (!problems.isEmpty()) {
            throw new StartupCheckException(problems);
        }
        LinkParameters link = new LinkParameters(
                s.serverHost(),
                inbound.port(),
                s.expectedSni(),
                RealityKeys.publicKeyOf(inbound.privateKey()),
                s.expectedShortId(),
                s.fingerprint(),
                s.linkRemark());
        return new VerifiedInbound(inbound, link, inbound.clientsWithoutVisionFlow());
    }

    /** The same checks without throwing, for {@code /health} and the doctor. */
    public static List<String> problems(ApiSettings s, XrayConfig cfg, VlessRealityInbound inbound) {
        List<String> problems = new ArrayList<>();
        String where = "inbound '" + inbound.tag() + "' in " + cfg.source();
        if (inbound.port() != s.expectedPort()) {
            problems.add("XRAY_PORT=" + s.expectedPort() + " but the " + where + " listens on " + inbound.port());
        }
        if (!inbound.serverNames().contains(s.expectedSni())) {
            problems.add("XRAY_SNI=" + s.expectedSni() + " but realitySettings.serverNames of the " + where + " is "
                    + inbound.serverNames());
        }
        problems.addAll(publicKeyProblems(s.expectedPublicKey(), inbound.privateKey(), where));
        if (!inbound.shortIds().contains(s.expectedShortId())) {
            problems.add("XRAY_SHORT_ID=" + s.expectedShortId() + " but realitySettings.shortIds of the " + where
                    + " is " + inbound.shortIds());
        }
        if (!"none".equals(inbound.decryption())) {
            problems.add("settings.decryption of the " + where + " must be \"none\", got " + inbound.decryption());
        }
        if (!TCP_NETWORKS.contains(inbound.network())) {
            problems.add("streamSettings.network of the " + where + " must be tcp or raw, got " + inbound.network());
        }
        if (!"reality".equals(inbound.security())) {
            problems.add("streamSettings.security of the " + where + " must be reality, got " + inbound.security());
        }
        problems.addAll(apiBlockProblems(s.grpcAddress(), cfg.apiBlock(), cfg.source()));
        return problems;
    }

    private static List<String> publicKeyProblems(String expected, String privateKey, String where) {
        String derived;
        try {
            derived = RealityKeys.publicKeyOf(privateKey);
        } catch (IllegalArgumentException e) {
            return List.of("realitySettings.privateKey of the " + where + " is unusable: " + e.getMessage());
        }
        if (!derived.equals(expected)) {
            return List.of("XRAY_PUBLIC_KEY=" + expected + " but the privateKey of the " + where + " gives public key "
                    + derived);
        }
        return List.of();
    }

    private static List<String> apiBlockProblems(String grpcAddress, Optional<ApiBlock> block, String source) {
        if (block.isEmpty()) {
            return List.of(source + " has no top-level \"api\" block; the API needs HandlerService and StatsService"
                    + " on " + grpcAddress);
        }
        List<String> problems = new ArrayList<>();
        for (String service : List.of("HandlerService", "StatsService")) {
            if (!block.get().exposes(service)) {
                problems.add("the api block of " + source + " does not expose " + service + " (services="
                        + block.get().services() + ")");
            }
        }
        String listen = block.get().listen();
        if (listen != null && !listen.equals(grpcAddress)) {
            problems.add(
                    "XRAY_GRPC_ADDRESS=" + grpcAddress + " but the api block of " + source + " listens on " + listen);
        }
        return problems;
    }
}
