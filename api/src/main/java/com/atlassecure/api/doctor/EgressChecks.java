package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.SECURITY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that customers cannot reach the server's own networks (review H3, M5): Xray's private-range routing rule
 * is present and complete, and the host's nftables table for Xray's user exists and lists the host's addresses.
 */
final class EgressChecks {
    static final String TABLE = "atlas_xray_egress";
    /** What the rule must block at least: loopback, RFC 1918, CGNAT, link-local, and their IPv6 kin. */
    static final List<String> REQUIRED = List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "::1/128",
            "fc00::/7",
            "fe80::/10");
    /** Fields that only narrow a rule; a block rule limited by any of them blocks less than it seems to. */
    private static final Set<String> RULE_FIELDS_ALLOWED = Set.of("ruleTag", "inboundTag", "ip", "outboundTag", "type");

    /** The output of one command run: exit code and text; exit -1 when it could not run at all. */
    record Ran(int exitCode, String output) {}

    private EgressChecks() {}

    /** The routing rule check, from config.json as Xray reads it. */
    static CheckResult routingRule(Path config, String inboundTag) {
        String id = "config.private-ranges";
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            return CheckResult.fail(id, SECURITY, "cannot read " + config + " to find the private-range rule");
        }
        String strategy = root.path("routing").path("domainStrategy").asText("AsIs");
        if (!"IPIfNonMatch".equals(strategy) && !"IPOnDemand".equals(strategy)) {
            return CheckResult.fail(
                    id,
                    SECURITY,
                    "routing.domainStrategy is " + strategy + ": IP rules never see a customer's domain targets, so"
                            + " \"localhost\" reaches the server's loopback; use IPIfNonMatch");
        }
        Set<String> blackholes = new HashSet<>();
        for (JsonNode outbound : root.path("outbounds")) {
            if ("blackhole".equals(outbound.path("protocol").asText())) {
                blackholes.add(outbound.path("tag").asText(""));
            }
        }
        for (JsonNode rule : root.path("routing").path("rules")) {
            if (!appliesTo(rule, inboundTag)) {
                continue;
            }
            boolean blocks = blackholes.contains(rule.path("outboundTag").asText(""));
            if (!blocks || !rule.has("ip")) {
                if (!blocks && narrowing(rule).isEmpty() && !rule.has("ip") && !rule.has("domain")) {
                    return CheckResult.fail(
                            id,
                            SECURITY,
                            "a rule sends all of the inbound's traffic to "
                                    + rule.path("outboundTag").asText() + " before any private-range block rule");
                }
                continue;
            }
            List<String> ips = new ArrayList<>();
            rule.path("ip").forEach(ip -> ips.add(ip.asText().toLowerCase(Locale.ROOT)));
            List<String> missing = ips.contains("geoip:private")
                    ? List.of()
                    : REQUIRED.stream().filter(r -> !ips.contains(r)).toList();
            List<String> narrowing = narrowing(rule);
            if (!narrowing.isEmpty()) {
                return CheckResult.fail(
                        id,
                        SECURITY,
                        "the private-range rule " + rule.path("ruleTag").asText("(untagged)") + " is limited by "
                                + narrowing + ", so it blocks only part of the traffic");
            }
            if (!missing.isEmpty()) {
                return CheckResult.fail(
                        id,
                        SECURITY,
                        "the private-range rule " + rule.path("ruleTag").asText("(untagged)") + " lacks " + missing);
            }
            return CheckResult.pass(
                    id,
                    SECURITY,
                    "routing rule " + rule.path("ruleTag").asText("(untagged)") + " blocks loopback and private"
                            + " ranges for the customers' inbound (domainStrategy " + strategy + ")");
        }
        return CheckResult.fail(
                id,
                SECURITY,
                "no routing rule blocks loopback and private ranges for the customers' inbound: customers reach the"
                        + " server's own services, Xray's gRPC API included (was the config made with"
                        + " --allow-private-destinations?)");
    }

    private static boolean appliesTo(JsonNode rule, String inboundTag) {
        if (!rule.has("inboundTag")) {
            return true;
        }
        for (JsonNode tag : rule.path("inboundTag")) {
            if (inboundTag == null || inboundTag.equals(tag.asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> narrowing(JsonNode rule) {
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!RULE_FIELDS_ALLOWED.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** The host rule check: the nftables table for Xray's user, with every global address of this host in it. */
    static CheckResult hostFirewall(Function<List<String>, Ran> runner, List<InetAddress> ownAddresses) {
        String id = "host.egress-firewall";
        Ran table = runner.apply(List.of("nft", "list", "table", "inet", TABLE));
        if (table.exitCode() == -1) {
            return CheckResult.warn(
                    id,
                    SECURITY,
                    "cannot inspect nftables (" + table.output().strip() + "); run doctor as root"
                            + " on the VPN server with nftables installed");
        }
        if (table.exitCode() != 0) {
            String text = table.output().toLowerCase(Locale.ROOT);
            if (text.contains("operation not permitted") || text.contains("permission denied")) {
                return CheckResult.warn(
                        id,
                        SECURITY,
                        "cannot inspect nftables without root: "
                                + table.output().strip());
            }
            return CheckResult.fail(
                    id,
                    SECURITY,
                    "nftables table inet " + TABLE + " is missing ("
                            + table.output().strip() + "): load it with"
                            + " deploy/nftables/atlas-xray-egress.sh (docs/RUNBOOK.md)");
        }
        String listing = table.output();
        if (!listing.contains("meta skuid") || !listing.contains("127.0.0.0/8") || !listing.contains("reject")) {
            return CheckResult.fail(
                    id, SECURITY, "nftables table inet " + TABLE + " does not reject loopback for Xray's user");
        }
        Set<InetAddress> listed = addressesIn(listing);
        List<String> missing = new ArrayList<>();
        for (InetAddress address : ownAddresses) {
            if (!listed.contains(address)) {
                missing.add(address.getHostAddress().replaceAll("%.*$", ""));
            }
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail(
                    id,
                    SECURITY,
                    "the host's own addresses " + missing + " are not in " + TABLE + "'s own_v4/own_v6 sets:"
                            + " customers reach the host's services from its own IP; re-run atlas-xray-egress.sh");
        }
        return CheckResult.pass(
                id,
                SECURITY,
                "nftables table inet " + TABLE + " rejects loopback, private ranges and the host's own addresses "
                        + ownAddresses.stream().map(InetAddress::getHostAddress).toList() + " for Xray's user");
    }

    /** Every global-scope address of this host's interfaces (not loopback, link-local or site-local). */
    static List<InetAddress> hostAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()
                            && !address.isSiteLocalAddress()
                            && !address.isAnyLocalAddress()) {
                        out.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            return out;
        }
        return out;
    }

    /** Runs a command with a 10 s limit; exit -1 with the reason when it cannot run. */
    static Ran run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Ran(-1, String.join(" ", command) + " did not finish in 10 s");
            }
            return new Ran(process.exitValue(), output);
        } catch (IOException e) {
            return new Ran(-1, command.get(0) + " is not installed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ran(-1, "interrupted");
        }
    }

    /** Every address literal in nft's listing (v4 or v6, prefixes ignored), compared as addresses, not text. */
    static Set<InetAddress> addressesIn(String listing) {
        Set<InetAddress> out = new HashSet<>();
        Matcher m = Pattern.compile("(?<![\\w:.])([0-9a-fA-F:.]*[:.][0-9a-fA-F:.]*)(?=[/,\\s}]|$)")
                .matcher(listing);
        while (m.find()) {
            String token = m.group(1);
            boolean v4 = token.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = token.contains(":") && token.matches("[0-9a-fA-F:.]+") && token.length() >= 2;
            if (v4 || v6) {
                try {
                    out.add(InetAddress.getByName(token)); // a literal: no DNS lookup happens
                } catch (IOException e) {
                    // not an address after all
                }
            }
        }
        return out;
    }
}
