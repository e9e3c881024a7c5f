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

/**
 * Proves at start that the settings agree with the Xray config the API owns (design principle 1, audit
 * recommendation 5): every failing {@link InboundRules} finding and every gap in the config's api block becomes one
 * problem, and all of them are thrown together, so an operator fixes them in one pass. The doctor's
 * {@code api-env.startup} check asks {@link #problems} whether serve would start; {@code /health} reads the inbound
 * rules itself.
 */
public final class StartupChecks {
    private StartupChecks() {}

    public static VerifiedInbound verify(ApiSettings s, XrayConfig cfg) {
        VlessRealityInbound inbound;
        try {
            inbound = cfg.inbound(s.xray().inboundTag());
        } catch (XrayConfigException e) {
            throw new StartupCheckException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>(problems(s, cfg, inbound));
        if (!problems.isEmpty()) {
            throw new StartupCheckException(problems);
        }
        LinkExpectations expected = s.link();
        LinkParameters link = new LinkParameters(
                expected.serverHost(),
                inbound.port(),
                expected.sni(),
                RealityKeys.publicKeyOf(inbound.privateKey()),
                expected.shortId(),
                expected.fingerprint(),
                expected.remark());
        return new VerifiedInbound(inbound, link, inbound.clientsWithoutVisionFlow());
    }

    /** The same checks without throwing: what {@link #verify} would refuse, worded as it would refuse it. */
    public static List<String> problems(ApiSettings s, XrayConfig cfg, VlessRealityInbound inbound) {
        List<String> problems = new ArrayList<>();
        String where = "inbound '" + inbound.tag() + "' in " + cfg.source();
        for (InboundRules.Finding finding : InboundRules.check(s.link().inbound(), inbound)) {
            if (!finding.ok()) {
                problems.add(problem(finding, where));
            }
        }
        problems.addAll(apiBlockProblems(s.xray().grpcAddress(), cfg.apiBlock(), cfg.source()));
        return problems;
    }

    private static String problem(InboundRules.Finding f, String where) {
        return switch (f.rule()) {
            case PORT -> "XRAY_PORT=" + f.expected() + " but the " + where + " listens on " + f.actual();
            case SNI ->
                "XRAY_SNI=" + f.expected() + " but realitySettings.serverNames of the " + where + " is " + f.actual();
            case PRIVATE_KEY -> "realitySettings.privateKey of the " + where + " is unusable: " + f.actual();
            case PUBLIC_KEY ->
                "XRAY_PUBLIC_KEY=" + f.expected() + " but the privateKey of the " + where + " gives public key "
                        + f.actual();
            case SHORT_ID ->
                "XRAY_SHORT_ID=" + f.expected() + " but realitySettings.shortIds of the " + where + " is " + f.actual();
            case DECRYPTION -> "settings.decryption of the " + where + " must be \"none\", got " + f.actual();
            case NETWORK -> "streamSettings.network of the " + where + " must be tcp or raw, got " + f.actual();
            case SECURITY -> "streamSettings.security of the " + where + " must be reality, got " + f.actual();
            // check() leaves the flow rule out: start-up repairs such clients instead of refusing.
            case FLOW -> f.actual() + " clients of the " + where + " lack the Vision flow";
        };
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
