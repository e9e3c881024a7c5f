package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.SECURITY;
import static com.atlassecure.api.doctor.Category.VALIDATION;
import static com.atlassecure.api.doctor.Category.XRAY_CLIENT_CONFIG;

import com.atlassecure.api.config.InboundRules;
import com.atlassecure.api.config.InboundRules.Expected;
import com.atlassecure.api.config.InboundRules.Finding;
import com.atlassecure.api.config.InboundRules.Rule;
import com.atlassecure.api.reality.RealityKeys;
import com.atlassecure.api.xrayconfig.ApiBlock;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.Flows;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.api.xrayconfig.XrayConfigException;
import com.atlassecure.contract.validation.Uuids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks of the Xray config on its own (audit sections 3.2, 3.3 and 4): the inbound, its clients, API and stats. */
final class ConfigChecks {
    private static final int NAMED_CLIENTS = 5;

    /**
     * The doctor check and audit category each inbound rule it reports scores under. The public key and short id
     * are not here: the config alone has nothing to compare them with, so {@link ApiEnvChecks} reports them.
     */
    private static final Map<Rule, Slot> SLOTS = new EnumMap<>(Map.of(
            Rule.PORT, new Slot("config.port", VALIDATION),
            Rule.SNI, new Slot("config.server-names", VALIDATION),
            Rule.PRIVATE_KEY, new Slot("config.private-key", XRAY_CLIENT_CONFIG),
            Rule.DECRYPTION, new Slot("config.decryption", XRAY_CLIENT_CONFIG),
            Rule.NETWORK, new Slot("config.transport", XRAY_CLIENT_CONFIG),
            Rule.SECURITY, new Slot("config.transport", XRAY_CLIENT_CONFIG),
            Rule.FLOW, new Slot("config.flow", XRAY_CLIENT_CONFIG)));

    private record Slot(String id, Category category) {}

    record Outcome(List<CheckResult> results, Optional<LoadedConfig> loaded) {}

    private ConfigChecks() {}

    static Outcome run(Path path, String inboundTag, Expectations expect) {
        XrayConfig config;
        VlessRealityInbound inbound;
        try {
            config = XrayConfig.load(path);
            inbound = config.inbound(inboundTag);
        } catch (XrayConfigException e) {
            return new Outcome(List.of(CheckResult.fail("config.load", VALIDATION, e.getMessage())), Optional.empty());
        }
        Map<Rule, Finding> found =
                InboundRules.byRule(InboundRules.check(new Expected(expect.port(), expect.sni(), null, null), inbound));
        Finding key = found.get(Rule.PRIVATE_KEY);
        LoadedConfig loaded = new LoadedConfig(config, inbound, key.ok() ? key.actual() : null);
        String where = loaded.where();
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.pass(
                "config.load",
                VALIDATION,
                path + " parses; " + where + " is VLESS + REALITY with "
                        + inbound.clients().size() + " clients"));
        Finding port = found.get(Rule.PORT);
        results.add(reported(
                port,
                where + " listens on " + port.actual(),
                where + " listens on " + port.actual() + ", production is " + port.expected()));
        Finding sni = found.get(Rule.SNI);
        results.add(reported(
                sni,
                "realitySettings.serverNames " + sni.actual() + " include " + sni.expected(),
                "realitySettings.serverNames " + sni.actual() + " lack the production SNI " + sni.expected()));
        results.add(target(inbound));
        results.add(reported(
                key,
                "realitySettings.privateKey is a valid X25519 key; its public key is " + key.actual(),
                "realitySettings.privateKey is unusable: " + key.actual()));
        results.add(shortIds(inbound));
        Finding decryption = found.get(Rule.DECRYPTION);
        results.add(reported(
                decryption,
                "settings.decryption is none",
                "settings.decryption of " + where + " must be none, got " + decryption.actual()));
        results.add(transport(found.get(Rule.NETWORK), found.get(Rule.SECURITY), where));
        results.add(flow(inbound));
        results.add(clientIds(inbound));
        results.add(inboundListen(inbound));
        results.addAll(apiBlock(config));
        results.add(DeviceLimitCheck.of(config));
        results.add(stats(config));
        return new Outcome(List.copyOf(results), Optional.of(loaded));
    }

    private static CheckResult reported(Finding finding, String passReason, String failReason) {
        Slot slot = SLOTS.get(finding.rule());
        return CheckResult.of(slot.id(), slot.category(), finding.ok(), passReason, failReason);
    }

    /** Network and security are two rules but one audit check: Vision needs both. */
    private static CheckResult transport(Finding network, Finding security, String where) {
        Slot slot = SLOTS.get(Rule.NETWORK);
        return CheckResult.of(
                slot.id(),
                slot.category(),
                network.ok() && security.ok(),
                "network " + network.actual() + ", security reality",
                "streamSettings of " + where + " must be network tcp/raw with security reality, got network "
                        + network.actual() + ", security " + security.actual());
    }

    private static CheckResult target(VlessRealityInbound inbound) {
        String id = "config.target";
        if (inbound.target() == null || inbound.target().isBlank()) {
            return CheckResult.fail(id, XRAY_CLIENT_CONFIG, "realitySettings has neither target nor dest");
        }
        String host = Hosts.hostOf(inbound.target());
        if (!inbound.serverNames().contains(host)) {
            return CheckResult.warn(
                    id,
                    XRAY_CLIENT_CONFIG,
                    "target " + inbound.target() + " is not one of serverNames " + inbound.serverNames()
                            + "; probes would see a certificate for another name");
        }
        return CheckResult.pass(id, XRAY_CLIENT_CONFIG, "target " + inbound.target() + " serves a name in serverNames");
    }

    private static CheckResult shortIds(VlessRealityInbound inbound) {
        String id = "config.short-ids";
        if (inbound.shortIds().isEmpty()) {
            return CheckResult.fail(id, XRAY_CLIENT_CONFIG, "realitySettings.shortIds is empty; REALITY needs one");
        }
        List<String> bad = inbound.shortIds().stream()
                .filter(s -> !RealityKeys.isValidShortId(s))
                .toList();
        return CheckResult.of(
                id,
                XRAY_CLIENT_CONFIG,
                bad.isEmpty(),
                "shortIds " + inbound.shortIds() + " are even-length hex of at most 16 characters",
                "shortIds " + bad + " are not even-length hex of at most 16 characters");
    }

    private static CheckResult flow(VlessRealityInbound inbound) {
        List<ClientEntry> without = inbound.clientsWithoutVisionFlow();
        Finding flow = InboundRules.flow(without.size());
        String passReason = inbound.clients().isEmpty()
                ? "no clients yet; the API writes flow " + Flows.VISION_FLOW + " on each"
                : "all " + inbound.clients().size() + " clients carry flow " + Flows.VISION_FLOW;
        return reported(
                flow,
                passReason,
                without.size() + " of " + inbound.clients().size() + " clients lack flow " + Flows.VISION_FLOW
                        + " (they connect but pass no traffic): " + named(without));
    }

    private static CheckResult clientIds(VlessRealityInbound inbound) {
        List<String> problems = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (ClientEntry c : inbound.clients()) {
            String idProblem = uuidProblem(c.id());
            if (idProblem != null) {
                problems.add(describe(c) + ": " + idProblem);
            } else if (!ids.add(c.id().toLowerCase(Locale.ROOT))) {
                problems.add(describe(c) + " repeats an id");
            }
            if (c.email() == null || c.email().isBlank()) {
                problems.add(describe(c) + " has no email (per-user stats and removal need one)");
            } else if (!emails.add(c.email().toLowerCase(Locale.ROOT))) {
                problems.add(describe(c) + " repeats an email");
            }
        }
        if (problems.isEmpty()) {
            return CheckResult.pass(
                    "config.client-ids",
                    XRAY_CLIENT_CONFIG,
                    inbound.clients().size() + " clients have unique UUIDs (no stage-/prod-/test- prefix) and emails");
        }
        String shown = String.join("; ", problems.subList(0, Math.min(NAMED_CLIENTS, problems.size())));
        String more = problems.size() > NAMED_CLIENTS ? "; +" + (problems.size() - NAMED_CLIENTS) + " more" : "";
        return CheckResult.fail("config.client-ids", XRAY_CLIENT_CONFIG, shown + more);
    }

    /** Null when the value is a UUID the contract accepts, else the contract's reason (e.g. a prod- prefix). */
    static String uuidProblem(String id) {
        try {
            Uuids.requireValid(id);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static CheckResult inboundListen(VlessRealityInbound inbound) {
        String listen = inbound.listen();
        if (listen != null && Hosts.isLoopback(listen)) {
            return CheckResult.warn(
                    "config.inbound-listen",
                    XRAY_CLIENT_CONFIG,
                    "inbound '" + inbound.tag() + "' listens on " + listen + ": customers cannot reach it directly");
        }
        return CheckResult.pass(
                "config.inbound-listen",
                XRAY_CLIENT_CONFIG,
                "inbound '" + inbound.tag() + "' listens on " + (listen == null ? "all addresses" : listen));
    }

    private static List<CheckResult> apiBlock(XrayConfig config) {
        Optional<ApiBlock> block = config.apiBlock();
        if (block.isEmpty()) {
            return List.of(CheckResult.fail(
                    "config.api-block",
                    VALIDATION,
                    "no top-level api block: the API cannot add or remove users live (needs HandlerService and"
                            + " StatsService)"));
        }
        List<String> missing = new ArrayList<>();
        for (String service : List.of("HandlerService", "StatsService")) {
            if (!block.get().exposes(service)) {
                missing.add(service);
            }
        }
        CheckResult services = CheckResult.of(
                "config.api-block",
                VALIDATION,
                missing.isEmpty(),
                "api block on " + block.get().listen() + " exposes HandlerService and StatsService",
                "api block does not expose " + String.join(" and ", missing) + " (services="
                        + block.get().services() + ")");
        String listen = block.get().listen();
        CheckResult exposure;
        if (listen == null) {
            exposure = CheckResult.warn(
                    "config.api-loopback",
                    SECURITY,
                    "api block has no listen; make sure whatever inbound serves it binds 127.0.0.1 only");
        } else {
            exposure = CheckResult.of(
                    "config.api-loopback",
                    SECURITY,
                    Hosts.isLoopback(Hosts.hostOf(listen)),
                    "Xray's gRPC API listens on loopback (" + listen + ")",
                    "Xray's gRPC API listens on " + listen
                            + ": anyone who reaches it can add users; bind it to 127.0.0.1");
        }
        return List.of(services, exposure);
    }

    private static CheckResult stats(XrayConfig config) {
        List<String> missing = new ArrayList<>();
        if (!config.statsEnabled()) {
            missing.add("top-level \"stats\": {}");
        }
        if (!config.userTrafficStatsEnabled()) {
            missing.add("policy.levels.0.statsUserUplink/statsUserDownlink=true");
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail(
                    "config.stats-policy",
                    VALIDATION,
                    "per-user traffic is not counted; missing " + String.join(" and ", missing));
        }
        if (!config.userOnlineStatsEnabled()) {
            return CheckResult.warn(
                    "config.stats-policy",
                    VALIDATION,
                    "stats and per-user uplink/downlink are on, but policy.levels.0.statsUserOnline is not");
        }
        return CheckResult.pass(
                "config.stats-policy", VALIDATION, "stats on; per-user uplink, downlink and online are counted");
    }

    static String named(List<ClientEntry> clients) {
        List<String> names = clients.stream()
                .limit(NAMED_CLIENTS)
                .map(ConfigChecks::describe)
                .toList();
        String more = clients.size() > NAMED_CLIENTS ? ", +" + (clients.size() - NAMED_CLIENTS) + " more" : "";
        return String.join(", ", names) + more;
    }

    private static String describe(ClientEntry c) {
        return (c.email() == null ? "(no email)" : c.email()) + " (" + Uuids.shortForm(c.id()) + ")";
    }
}
