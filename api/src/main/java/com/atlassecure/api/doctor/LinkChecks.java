package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.LINK_GENERATION;

import com.atlassecure.api.config.InboundRules;
import com.atlassecure.api.links.VlessLink;
import com.atlassecure.api.links.VlessLinks;
import com.atlassecure.api.xrayconfig.Flows;
import com.atlassecure.contract.validation.Uuids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks of a sample {@code vless://} link (audit 3.1 and 10) against the config and the API env. The link itself is
 * never printed: it is a customer's credential. Its UUID appears cut to 8 characters.
 */
final class LinkChecks {
    private static final String PLACEHOLDER_UUID = "00000000-0000-4000-8000-000000000000";
    private static final String DEFAULT_REMARK = "AtlasSecure";

    private LinkChecks() {}

    static List<CheckResult> run(
            String link, Optional<LoadedConfig> loaded, Map<String, String> apiEnvOrNull, Expectations expect) {
        List<CheckResult> results = new ArrayList<>();
        // The UUID is judged on its own, so a prefixed one does not hide everything else the link gets wrong.
        String rawUuid = rawUuid(link);
        String uuidProblem = rawUuid == null ? "link has no uuid@host part" : ConfigChecks.uuidProblem(rawUuid);
        results.add(CheckResult.of(
                "link.uuid",
                LINK_GENERATION,
                uuidProblem == null,
                "uuid " + Uuids.shortForm(rawUuid) + "… is a plain UUID (no stage-/prod-/test- prefix)",
                "link " + uuidProblem));
        VlessLink parsed;
        try {
            parsed = VlessLinks.parse(
                    rawUuid == null ? link : link.replaceFirst("^vless://[^@]*@", "vless://" + PLACEHOLDER_UUID + "@"));
        } catch (IllegalArgumentException e) {
            results.add(CheckResult.fail("link.parse", LINK_GENERATION, "the link does not parse: " + e.getMessage()));
            return results;
        }
        Map<String, String> api = apiEnvOrNull == null ? Map.of() : apiEnvOrNull;
        String host = Optional.ofNullable(ApiEnvChecks.value(api, "XRAY_SERVER_HOST"))
                .or(() -> Optional.ofNullable(ApiEnvChecks.value(api, "XRAY_SERVER_IP")))
                // An IP in the env is already a FAIL of its own; the link is then held to the production domain.
                .filter(h -> !Hosts.isIpLiteral(h))
                .orElse(expect.host());
        results.add(host(parsed, host));
        int port = loaded.map(c -> c.inbound().port()).orElse(expect.port());
        results.add(CheckResult.of(
                "link.port",
                LINK_GENERATION,
                parsed.port() == port,
                "port " + parsed.port(),
                "link port " + parsed.port() + " but "
                        + loaded.map(c -> "the " + c.where() + " listens on " + port)
                                .orElse("production is " + port)));
        results.add(sni(parsed, loaded, expect));
        results.add(exact(parsed, "flow", Flows.VISION_FLOW));
        results.add(exact(parsed, "security", "reality"));
        results.add(exact(parsed, "encryption", "none"));
        results.add(type(parsed));
        results.add(fingerprint(parsed, ApiEnvChecks.value(api, "XRAY_FP")));
        loaded.ifPresent(c -> {
            results.add(publicKey(parsed, c));
            results.add(CheckResult.of(
                    "link.sid",
                    LINK_GENERATION,
                    parsed.param("sid") != null && c.inbound().shortIds().contains(parsed.param("sid")),
                    "sid=" + parsed.param("sid") + " is in realitySettings.shortIds",
                    "link " + (parsed.param("sid") == null ? "has no sid" : "sid=" + parsed.param("sid"))
                            + ", not one of realitySettings.shortIds "
                            + c.inbound().shortIds()));
        });
        String remark =
                Optional.ofNullable(ApiEnvChecks.value(api, "LINK_REMARK")).orElse(DEFAULT_REMARK);
        results.add(CheckResult.of(
                "link.fragment",
                LINK_GENERATION,
                remark.equals(parsed.remark()),
                "fragment #" + remark,
                "link fragment is " + (parsed.remark() == null ? "missing" : "#" + parsed.remark()) + ", expected #"
                        + remark));
        return results;
    }

    private static String rawUuid(String link) {
        String prefix = VlessLinks.SCHEME + "://";
        int at = link.indexOf('@');
        int query = link.indexOf('?');
        if (!link.startsWith(prefix) || at < prefix.length() || (query >= 0 && query < at)) {
            return null;
        }
        return link.substring(prefix.length(), at);
    }

    private static CheckResult host(VlessLink link, String expected) {
        if (Hosts.isIpLiteral(link.host())) {
            return CheckResult.fail(
                    "link.host", LINK_GENERATION, "link host " + link.host() + " is an IP, expected " + expected);
        }
        return CheckResult.of(
                "link.host",
                LINK_GENERATION,
                link.host().equalsIgnoreCase(expected),
                "host " + link.host(),
                "link host " + link.host() + ", expected " + expected);
    }

    private static CheckResult sni(VlessLink link, Optional<LoadedConfig> loaded, Expectations expect) {
        String sni = link.param("sni");
        List<String> names = loaded.map(c -> c.inbound().serverNames()).orElse(List.of(expect.sni()));
        return CheckResult.of(
                "link.sni",
                LINK_GENERATION,
                sni != null && names.contains(sni),
                "sni=" + sni + " is in serverNames",
                "link " + (sni == null ? "has no sni" : "sni=" + sni) + ", not one of serverNames " + names);
    }

    private static CheckResult exact(VlessLink link, String param, String expected) {
        String actual = link.param(param);
        return CheckResult.of(
                "link." + param,
                LINK_GENERATION,
                expected.equals(actual),
                param + "=" + actual,
                "link " + (actual == null ? "has no " + param : param + "=" + actual) + ", expected " + param + "="
                        + expected);
    }

    private static CheckResult type(VlessLink link) {
        String type = link.param("type");
        if (type == null) {
            return CheckResult.warn(
                    "link.type", LINK_GENERATION, "link has no type; clients assume tcp, the API writes it");
        }
        return CheckResult.of(
                "link.type",
                LINK_GENERATION,
                InboundRules.TCP_NETWORKS.contains(type),
                "type=" + type,
                "link type=" + type + ", expected tcp");
    }

    private static CheckResult fingerprint(VlessLink link, String expectedOrNull) {
        String fp = link.param("fp");
        if (fp == null || fp.isEmpty()) {
            return CheckResult.fail(
                    "link.fp", LINK_GENERATION, "link has no fp (uTLS fingerprint); expected one such as chrome");
        }
        if (expectedOrNull != null && !expectedOrNull.equals(fp)) {
            return CheckResult.fail("link.fp", LINK_GENERATION, "link fp=" + fp + " but XRAY_FP=" + expectedOrNull);
        }
        return CheckResult.pass("link.fp", LINK_GENERATION, "fp=" + fp);
    }

    private static CheckResult publicKey(VlessLink link, LoadedConfig c) {
        String pbk = link.param("pbk");
        if (c.publicKey() == null) {
            return CheckResult.fail(
                    "link.pbk", LINK_GENERATION, "link pbk cannot be verified: the privateKey is unusable");
        }
        return CheckResult.of(
                "link.pbk",
                LINK_GENERATION,
                c.publicKey().equals(pbk),
                "pbk matches the privateKey of the " + c.where(),
                "link " + (pbk == null ? "has no pbk" : "pbk=" + pbk) + " but the privateKey of the " + c.where()
                        + " gives " + c.publicKey());
    }
}
