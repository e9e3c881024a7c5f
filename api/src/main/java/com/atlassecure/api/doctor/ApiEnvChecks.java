package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.LINK_GENERATION;
import static com.atlassecure.api.doctor.Category.SECURITY;
import static com.atlassecure.api.doctor.Category.VALIDATION;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.InboundRules;
import com.atlassecure.api.config.InboundRules.Finding;
import com.atlassecure.api.config.InboundRules.Rule;
import com.atlassecure.api.config.SettingsException;
import com.atlassecure.api.config.StartupChecks;
import com.atlassecure.contract.signing.ApiKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks of the API's env file (audit 3.1 and 3.4): its link settings against the Xray config, leftovers of the
 * audited example env, the API key and request signing, and whether {@code serve} would start with it.
 */
final class ApiEnvChecks {
    private ApiEnvChecks() {}

    static List<CheckResult> run(Map<String, String> env, Optional<LoadedConfig> loaded, Expectations expect) {
        List<CheckResult> results = new ArrayList<>();
        results.add(port(env, loaded, expect));
        loaded.ifPresent(c -> {
            Map<Rule, Finding> found = InboundRules.byRule(InboundRules.check(expected(env), c.inbound()));
            results.add(sni(found.get(Rule.SNI), c));
            results.add(publicKey(found.get(Rule.PUBLIC_KEY), c));
            results.add(shortId(found.get(Rule.SHORT_ID), c));
        });
        results.add(host(env, expect));
        results.add(EnvLeftovers.check("api-env.leftovers", env));
        results.add(apiKey(env));
        results.add(signing(env));
        results.add(listen(env));
        results.add(startup(env, loaded));
        return results;
    }

    private static CheckResult port(Map<String, String> env, Optional<LoadedConfig> loaded, Expectations expect) {
        String id = "api-env.port";
        String raw = value(env, "XRAY_PORT");
        if (raw == null) {
            return CheckResult.fail(id, LINK_GENERATION, "XRAY_PORT is not set (serve has no default for it)");
        }
        int expected = loaded.map(c -> c.inbound().port()).orElse(expect.port());
        String against =
                loaded.map(c -> "the " + c.where() + " listens on " + expected).orElse("production is " + expected);
        return CheckResult.of(
                id,
                LINK_GENERATION,
                raw.equals(String.valueOf(expected)),
                "XRAY_PORT=" + raw + " and " + against,
                "XRAY_PORT=" + raw + " but " + against + "; links would carry the wrong port");
    }

    /**
     * The env's link settings as the inbound rules' expectations, raw: a missing one fails its rule. The port is
     * compared as written by {@link #port}, which also answers when the config did not load.
     */
    private static InboundRules.Expected expected(Map<String, String> env) {
        // "" is a legal short id, so a present-but-empty XRAY_SHORT_ID is a value, not a missing one.
        String sid = env.containsKey("XRAY_SHORT_ID") ? env.get("XRAY_SHORT_ID").strip() : null;
        return new InboundRules.Expected(null, value(env, "XRAY_SNI"), value(env, "XRAY_PUBLIC_KEY"), sid);
    }

    private static CheckResult sni(Finding sni, LoadedConfig c) {
        return CheckResult.of(
                "api-env.sni",
                LINK_GENERATION,
                sni.ok(),
                "XRAY_SNI=" + sni.expected() + " is in realitySettings.serverNames " + sni.actual(),
                "XRAY_SNI=" + sni.expected() + " is not in realitySettings.serverNames " + sni.actual() + " of the "
                        + c.where());
    }

    /** {@code key} is absent when the private key is unusable, so there is nothing to compare with. */
    private static CheckResult publicKey(Finding key, LoadedConfig c) {
        String id = "api-env.public-key";
        if (key == null) {
            return CheckResult.fail(
                    id, LINK_GENERATION, "XRAY_PUBLIC_KEY cannot be verified: the privateKey is unusable");
        }
        return CheckResult.of(
                id,
                LINK_GENERATION,
                key.ok(),
                "XRAY_PUBLIC_KEY matches the privateKey of the " + c.where(),
                "XRAY_PUBLIC_KEY=" + key.expected() + " but the privateKey of the " + c.where() + " gives "
                        + key.actual());
    }

    private static CheckResult shortId(Finding sid, LoadedConfig c) {
        return CheckResult.of(
                "api-env.short-id",
                LINK_GENERATION,
                sid.ok(),
                "XRAY_SHORT_ID=" + sid.expected() + " is in realitySettings.shortIds",
                "XRAY_SHORT_ID=" + sid.expected() + " is not in realitySettings.shortIds " + sid.actual() + " of the "
                        + c.where());
    }

    private static CheckResult host(Map<String, String> env, Expectations expect) {
        String id = "api-env.host";
        String host = value(env, "XRAY_SERVER_HOST");
        String name = "XRAY_SERVER_HOST";
        if (host == null && value(env, "XRAY_SERVER_IP") != null) {
            host = value(env, "XRAY_SERVER_IP");
            name = "XRAY_SERVER_IP";
        }
        if (host == null) {
            return CheckResult.fail(id, LINK_GENERATION, "XRAY_SERVER_HOST is not set: links would have no host");
        }
        if (Hosts.isIpLiteral(host)) {
            return CheckResult.fail(
                    id,
                    LINK_GENERATION,
                    name + "=" + host + " is an IP; links must carry the domain " + expect.host()
                            + " so a server move does not break every customer's key (audit 3.4)");
        }
        if (!host.equalsIgnoreCase(expect.host())) {
            return CheckResult.warn(
                    id, LINK_GENERATION, name + "=" + host + " differs from the production host " + expect.host());
        }
        if (name.equals("XRAY_SERVER_IP")) {
            return CheckResult.warn(
                    id,
                    LINK_GENERATION,
                    "XRAY_SERVER_IP=" + host + " works but is deprecated; name it XRAY_SERVER_HOST");
        }
        return CheckResult.pass(id, LINK_GENERATION, "XRAY_SERVER_HOST=" + host);
    }

    private static CheckResult apiKey(Map<String, String> env) {
        String key = value(env, "XRAY_API_KEY");
        if (key == null) {
            return CheckResult.fail("api-env.api-key", SECURITY, "XRAY_API_KEY is not set");
        }
        return CheckResult.of(
                "api-env.api-key",
                SECURITY,
                key.length() >= ApiSettings.MIN_API_KEY_LENGTH,
                "XRAY_API_KEY has " + key.length() + " characters (" + ApiKeys.fingerprint(key) + ")",
                "XRAY_API_KEY has " + key.length() + " characters (" + ApiKeys.fingerprint(key) + "), at least "
                        + ApiSettings.MIN_API_KEY_LENGTH + " needed (openssl rand -hex 32)");
    }

    private static CheckResult signing(Map<String, String> env) {
        String id = "api-env.signing";
        String mode =
                Optional.ofNullable(value(env, "API_SIGNING")).orElse("off").toLowerCase(Locale.ROOT);
        String secret = value(env, "XRAY_API_SIGNING_SECRET");
        String key = value(env, "XRAY_API_KEY");
        boolean secretOk = secret != null && secret.length() >= ApiSettings.MIN_API_KEY_LENGTH;
        if (secret != null && key != null && ApiKeys.constantTimeEquals(key, secret)) {
            return CheckResult.fail(
                    id,
                    SECURITY,
                    "XRAY_API_SIGNING_SECRET equals XRAY_API_KEY: the key crosses the proxy in every request, so"
                            + " a leaked key could sign too; generate a separate secret (openssl rand -hex 32)");
        }
        if (production(env) && !mode.equals("required")) {
            return CheckResult.fail(
                    id,
                    SECURITY,
                    "API_EXPECT_PRODUCTION=true but API_SIGNING=" + mode + ": production requires"
                            + " API_SIGNING=required (serve refuses to start)");
        }
        return switch (mode) {
            case "required" ->
                CheckResult.of(
                        id,
                        SECURITY,
                        secretOk,
                        "API_SIGNING=required: requests need an HMAC signature and cannot be replayed",
                        "API_SIGNING=required but XRAY_API_SIGNING_SECRET is missing or shorter than "
                                + ApiSettings.MIN_API_KEY_LENGTH);
            case "optional" ->
                CheckResult.warn(
                        id, SECURITY, "API_SIGNING=optional: unsigned requests are still accepted; set it to required");
            case "off" ->
                CheckResult.warn(
                        id,
                        SECURITY,
                        "API_SIGNING=off: a leaked X-API-Key alone can forge requests (audit 11); set it to required");
            default -> CheckResult.fail(id, SECURITY, "API_SIGNING=" + mode + " is not off, optional or required");
        };
    }

    private static boolean production(Map<String, String> env) {
        String raw = value(env, "API_EXPECT_PRODUCTION");
        return raw != null && List.of("true", "1", "yes", "on").contains(raw.toLowerCase(Locale.ROOT));
    }

    private static CheckResult listen(Map<String, String> env) {
        String listen = Optional.ofNullable(value(env, "API_LISTEN")).orElse("127.0.0.1:8080");
        if (Hosts.isLoopback(Hosts.hostOf(listen))) {
            return CheckResult.pass(
                    "api-env.listen", SECURITY, "API_LISTEN=" + listen + " is loopback; the reverse proxy fronts it");
        }
        return CheckResult.warn(
                "api-env.listen",
                SECURITY,
                "API_LISTEN=" + listen + " is reachable beyond loopback; put the API behind the TLS reverse proxy");
    }

    private static CheckResult startup(Map<String, String> env, Optional<LoadedConfig> loaded) {
        String id = "api-env.startup";
        ApiSettings settings;
        try {
            settings = ApiSettings.fromEnv(withoutDeprecatedNames(env));
        } catch (SettingsException e) {
            return CheckResult.fail(id, VALIDATION, "serve would refuse this env: " + e.getMessage());
        }
        if (loaded.isEmpty()) {
            return CheckResult.warn(
                    id, VALIDATION, "serve accepts this env, but the config could not be loaded to compare");
        }
        List<String> problems = StartupChecks.problems(
                settings, loaded.get().config(), loaded.get().inbound());
        if (problems.isEmpty()) {
            return CheckResult.pass(id, VALIDATION, "serve would start: its own startup checks pass on this config");
        }
        return CheckResult.fail(
                id,
                VALIDATION,
                "serve would refuse to start (" + problems.size() + " problems), first: " + problems.get(0));
    }

    // ApiSettings logs a deprecation line for XRAY_SERVER_IP; the doctor reports that itself, and a log line on
    // stdout would corrupt --json.
    private static Map<String, String> withoutDeprecatedNames(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        if (value(env, "XRAY_SERVER_HOST") == null && copy.containsKey("XRAY_SERVER_IP")) {
            copy.put("XRAY_SERVER_HOST", copy.remove("XRAY_SERVER_IP"));
        }
        return copy;
    }

    static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
