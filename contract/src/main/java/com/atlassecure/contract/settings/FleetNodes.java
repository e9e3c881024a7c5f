package com.atlassecure.contract.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fleet the bot talks to, read from {@code <ENV>_XRAY_API_NODES}: a JSON array of {@code {name, country, url, key,
 * signing_secret}}, or {@code @/path/to/file} holding one. The bot's start-up and the API's {@code doctor --bot-env}
 * both read it here, so they refuse the same lists with the same words, each naming the node at fault.
 */
public final class FleetNodes {
    /** A node's name as it appears in /nodes and in alerts: lowercase letters, digits and dashes. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** ISO 3166-1 alpha-2, upper case. */
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Set<String> FIELDS = Set.of("name", "country", "url", "key", "signing_secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One node as the bot knows it: a name, a country, and how to reach and authenticate to its API. */
    public record Node(String name, String country, URI url, String key, String signingSecret) {
        /** Never the key or the secret: both are credentials. */
        @Override
        public String toString() {
            return "Node[name=" + name + ", country=" + country + ", url=" + url + "]";
        }
    }

    private FleetNodes() {}

    /**
     * Reads and checks the list in {@code raw} for {@code env}.
     *
     * @throws InvalidSettingException naming the variable and, when one is at fault, the node
     */
    public static List<Node> parse(AppEnv env, String raw) {
        String variable = env.nodesVariable();
        if (raw == null || raw.isBlank()) {
            throw new InvalidSettingException(variable + " is empty: list at least one node");
        }
        String text = raw.strip();
        if (text.startsWith("@")) {
            Path file = Path.of(text.substring(1).strip());
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidSettingException(variable + " names " + file + ", which cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidSettingException(
                    variable + " is not JSON: a list of {name, country, url, key," + " signing_secret} is expected");
        }
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new InvalidSettingException(variable + " must be a non-empty JSON array of nodes");
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Node node = node(env, variable, i, array.get(i));
            if (!names.add(node.name())) {
                throw new InvalidSettingException(variable + ": node '" + node.name() + "' is listed twice");
            }
            for (Node earlier : nodes) {
                // Each node its own credentials, so a key or secret taken from one node opens no other.
                if (same(earlier.key(), node.key())) {
                    throw new InvalidSettingException(variable + ": node '" + node.name() + "' has the same key as '"
                            + earlier.name() + "': give each node its own key");
                }
                if (node.signingSecret() != null && same(earlier.signingSecret(), node.signingSecret())) {
                    throw new InvalidSettingException(variable + ": node '" + node.name()
                            + "' has the same signing_secret as '" + earlier.name() + "': give each node its own");
                }
            }
            nodes.add(node);
        }
        return List.copyOf(nodes);
    }

    private static boolean same(String a, String b) {
        return a != null
                && b != null
                && java.security.MessageDigest.isEqual(
                        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Node node(AppEnv env, String variable, int index, JsonNode n) {
        String where = variable + "[" + index + "]";
        if (!n.isObject()) {
            throw new InvalidSettingException(where + " is not an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidSettingException(where + " has unknown field '" + field + "'");
            }
        }
        String name = text(n, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSettingException(
                    where + ": name must be 1 to 32 of a-z, 0-9 and '-', got '" + (name == null ? "" : name) + "'");
        }
        where = variable + " node '" + name + "'";
        String country = text(n, "country");
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new InvalidSettingException(where + ": country must be two capital letters (ISO 3166), got '"
                    + (country == null ? "" : country) + "'");
        }
        URI url = url(env, where, text(n, "url"));
        String key = text(n, "key");
        if (key == null || key.length() < BotEnvRules.MIN_API_KEY_LENGTH) {
            throw new InvalidSettingException(where + ": key must be at least " + BotEnvRules.MIN_API_KEY_LENGTH
                    + " characters, got " + (key == null ? 0 : key.length()));
        }
        String secret = text(n, "signing_secret");
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new InvalidSettingException(where + ": signing_secret must be at least 32 bytes, got "
                    + secret.getBytes(StandardCharsets.UTF_8).length);
        }
        return new Node(name, country, url, key, secret);
    }

    /** http(s) with a host; https outside loopback in prod, where the key would cross the network. */
    static URI url(AppEnv env, String where, String raw) {
        if (raw == null) {
            throw new InvalidSettingException(where + ": url is required");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(where + ": url " + raw + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidSettingException(where + ": url " + raw + " is not an http(s) URL with a host");
        }
        if (env == AppEnv.PROD && scheme.equals("http") && !loopback(uri.getHost())) {
            throw new InvalidSettingException(
                    where + ": url must use https in prod (the API key travels in a" + " header), got " + raw);
        }
        return uri;
    }

    private static boolean loopback(String host) {
        // An IPv4 literal in 127/8, not any name that starts with "127." (127.attacker.example is not loopback).
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || LOOPBACK_V4.matcher(h).matches() || h.equals("[::1]") || h.equals("::1");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()
                ? null
                : v.asText().strip();
    }
}
