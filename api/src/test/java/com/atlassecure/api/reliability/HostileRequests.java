package com.atlassecure.api.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of bad HTTP requests, written as raw bytes so that it can send what well-behaved clients refuse
 * to: CRLF inside header values, duplicate keys, lying Content-Length, NUL and dot-dot in paths. Every request is
 * bad by construction (no valid change can come out of it), so a config change after a run is a bug, not luck.
 */
final class HostileRequests {
    static final String[] ROUTES = {
        "/add-user", "/update-user", "/remove-user", "/users/devices", "/users/devices/reset"
    };
    private static final String[] ODD = {
        "\u202e",
        "\u200b",
        "\ufeff",
        "\u0000",
        "\ud83d\ude00",
        "\u00e9",
        "\uff10",
        "\u0430",
        "\\ud800",
        "\\u0000",
        "\u2028",
        "%00",
        "\r\n",
        "\"",
        "\\",
        "'",
        "<script>",
        "${jndi:ldap://127.0.0.1/x}",
        "%s%n"
    };
    private static final String[] NUMBERS = {
        "1e309",
        "-1e309",
        "99999999999999999999999999",
        "-9223372036854775809",
        "9223372036854775808",
        "1.5",
        "-0",
        "0x10",
        "NaN",
        "Infinity",
        "1e-400",
        "00012",
        "+5",
        "0",
        "-1",
        "4503599627370496"
    };
    private static final String[] VALUES = {
        "null", "true", "[]", "{}", "\"\"", "[1,2]", "{\"a\":1}", "\"1\"", "\"x\"", "1", "-1", "0"
    };

    private final Random random;
    private final String apiKey;
    private final String knownUuid;
    private final String host;

    HostileRequests(long seed, String apiKey, String knownUuid, int port) {
        this.random = new Random(seed);
        this.apiKey = apiKey;
        this.knownUuid = knownUuid;
        this.host = "127.0.0.1:" + port;
    }

    /** One request: its kind (for the report) and its bytes. */
    record Hostile(String kind, byte[] bytes) {}

    Hostile next() {
        return switch (random.nextInt(10)) {
            case 0 -> post("malformed_json", pick(ROUTES), malformed());
            case 1 -> post("wrong_type", pick(ROUTES), wrongType());
            case 2 -> post("huge_number", pick(ROUTES), hugeNumber());
            case 3 -> post("odd_unicode", pick(ROUTES), oddUnicode());
            case 4 -> post("giant_body", pick(ROUTES), giant());
            case 5 -> get("path_trick", "/users/" + pathTrick(), key());
            case 6 -> headerInjection();
            case 7 -> post("prefixed_uuid", pick(ROUTES), prefixed());
            case 8 -> otherRoutes();
            default -> post("deep_or_duplicate", pick(ROUTES), deepOrDuplicate());
        };
    }

    private String malformed() {
        String valid = addJson("\"" + UUID.randomUUID() + "\"", "5", "4102444800000");
        return switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length())); // truncated
            case 1 -> valid + pick(new String[] {"x", "}", ",", "{}", "\u0000"}); // trailing garbage
            case 2 -> "{'uuid':'" + UUID.randomUUID() + "'}"; // single quotes
            case 3 -> randomBytesAsLatin1(1 + random.nextInt(200));
            default -> valid.replace(":", "=");
        };
    }

    private String wrongType() {
        String v = pick(VALUES);
        return switch (random.nextInt(4)) {
            case 0 -> addJson(v, "5", "4102444800000");
            case 1 -> addJson("\"" + UUID.randomUUID() + "\"", "\"5\"", v);
            // A fresh UUID: even a device_limit that happened to be valid could only add a new user nobody asked for.
            case 2 ->
                "{\"telegram_id\":5,\"uuid\":\"" + UUID.randomUUID() + "\",\"expiry_timestamp_ms\":-1,\"device_limit\":"
                        + v + "}";
            default -> "{\"uuid\":" + v + ",\"expiry_timestamp_ms\":" + pick(VALUES) + "}";
        };
    }

    private String hugeNumber() {
        String n = pick(NUMBERS);
        // A bad telegram id or expiry with a fresh UUID, so that no mutation can make a valid change.
        return random.nextBoolean()
                ? addJson("\"" + UUID.randomUUID() + "\"", n, "-" + (1 + random.nextInt(1000)))
                : "{\"uuid\":\"" + UUID.randomUUID() + "\",\"expiry_timestamp_ms\":" + n + ",\"extra\":" + n + "}";
    }

    private String oddUnicode() {
        String uuid = UUID.randomUUID().toString();
        // Strictly inside, so that no strip() of leading or trailing whitespace can repair it into a valid UUID.
        int at = 1 + random.nextInt(uuid.length() - 1);
        String mangled = uuid.substring(0, at) + jsonEscape(pick(ODD)) + uuid.substring(at);
        return addJson("\"" + mangled + "\"", "5", "4102444800000");
    }

    private String giant() {
        int size = 16_385 + random.nextInt(200_000);
        StringBuilder b = new StringBuilder(size + 64).append("{\"uuid\":\"");
        while (b.length() < size) {
            b.append(random.nextBoolean() ? "a" : "\u00e9");
        }
        return b.append("\"}").toString();
    }

    private String pathTrick() {
        String[] tricks = {
            "../../etc/passwd",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e/%2e%2e/",
            "%2e%2e%2f" + knownUuid,
            knownUuid + "%00",
            knownUuid + "%00.json",
            "%00",
            knownUuid + "/..",
            "prod-" + knownUuid,
            "stage-" + knownUuid,
            "test-" + knownUuid,
            knownUuid + "%0d%0aX-Injected:%201",
            "a".repeat(100 + random.nextInt(20_000)),
            "%ff%fe",
            "%",
            "%zz",
            knownUuid.replace('-', '_'),
            "{uuid}",
            ";jsessionid=1",
            "%c0%ae%c0%ae/"
        };
        return pick(tricks);
    }

    private Hostile headerInjection() {
        String body = "{\"uuid\":\"prod-" + UUID.randomUUID() + "\"}";
        String route = pick(ROUTES);
        return switch (random.nextInt(6)) {
            case 0 -> raw("crlf_header", "POST", route, body, "X-API-Key: " + apiKey + "\r\nX-Forwarded-For: 1.2.3.4");
            case 1 -> raw("duplicate_key", "POST", route, body, "X-API-Key: wrong\r\nX-API-Key: " + apiKey);
            case 2 -> raw("duplicate_key", "POST", route, body, "X-API-Key: " + apiKey + "\r\nX-API-Key: wrong");
            case 3 -> raw("bare_cr_header", "POST", route, body, "X-API-Key: " + apiKey + "\rX-Evil: 1");
            case 4 ->
                raw(
                        "bad_signature_headers",
                        "POST",
                        route,
                        body,
                        "X-API-Key: " + apiKey + "\r\nX-Timestamp: " + pick(NUMBERS) + "\r\nX-Signature: "
                                + pick(ODD).replace("\r\n", ""));
            default ->
                raw(
                        "oversized_header",
                        "POST",
                        route,
                        body,
                        "X-API-Key: " + apiKey + "\r\nX-Pad: " + "p".repeat(1000 + random.nextInt(40_000)));
        };
    }

    private String prefixed() {
        String[] prefixes = {"prod-", "stage-", "test-", "PROD-", " prod-", "prod_", "urn:uuid:", "{"};
        String uuid = pick(prefixes)
                + (random.nextBoolean() ? knownUuid : UUID.randomUUID().toString());
        return random.nextBoolean()
                ? addJson("\"" + uuid + "\"", String.valueOf(1 + random.nextInt(1000)), "4102444800000")
                : "{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":4102444800000}";
    }

    /** /health, /metrics, /users and unknown routes, with wrong methods, bodies and odd query strings. */
    private Hostile otherRoutes() {
        String[] paths = {
            "/health",
            "/metrics",
            "/health/../metrics",
            "/metrics%00",
            "/users/",
            "/users",
            "/add-user/",
            "//add-user",
            "/ADD-USER",
            "/health?x=" + "%".repeat(1 + random.nextInt(50)),
            "/users/%2e%2e%2fhealth",
            "/%2e%2e/metrics"
        };
        String path = pick(paths);
        return random.nextBoolean()
                ? get("other_routes", path, key())
                : raw("other_routes", pick(new String[] {"POST", "PUT", "DELETE", "PATCH"}), path, giant(), key());
    }

    private String deepOrDuplicate() {
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(1000 + random.nextInt(5000));
            case 1 ->
                "{\"uuid\":\"" + UUID.randomUUID() + "\",\"uuid\":\"prod-" + UUID.randomUUID()
                        + "\",\"telegram_id\":5,\"expiry_timestamp_ms\":4102444800000}";
            default -> "{\"uuid\":{\"uuid\":{\"uuid\":\"" + UUID.randomUUID() + "\"}}}";
        };
    }

    private Hostile post(String kind, String route, String body) {
        String headers = random.nextInt(10) == 0 ? "X-API-Key: " + apiKey.substring(1) : key();
        return raw(kind, "POST", route, body, headers);
    }

    private String key() {
        return "X-API-Key: " + apiKey;
    }

    private Hostile get(String kind, String path, String headers) {
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "\r\nConnection: close\r\n\r\n";
        return new Hostile(kind, req.getBytes(StandardCharsets.UTF_8));
    }

    private Hostile raw(String kind, String method, String route, String body, String headers) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        // Sometimes the declared length lies; the server must neither hang on it nor fail with a 5xx.
        int declared =
                random.nextInt(20) == 0 ? Math.max(0, bodyBytes.length - 1 - random.nextInt(5)) : bodyBytes.length;
        String head = method + " " + route + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + headers + "\r\nContent-Length: " + declared + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        return new Hostile(kind, all);
    }

    private static String addJson(String uuidJson, String telegramJson, String expiryJson) {
        return "{\"telegram_id\":" + telegramJson + ",\"uuid\":" + uuidJson + ",\"expiry_timestamp_ms\":" + expiryJson
                + "}";
    }

    private String randomBytesAsLatin1(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String jsonEscape(String s) {
        return s.replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\u0000");
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }
}
