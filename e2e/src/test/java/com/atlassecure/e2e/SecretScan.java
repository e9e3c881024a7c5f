package com.atlassecure.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks through the logs of a whole run for what design principle 9 says must never be there: the API key, the
 * signing secret, the bot token, a customer's full UUID (any 36-character UUID at all, in fact), and a vless link.
 * Findings name the source, the line number and what was found, never the secret itself.
 */
final class SecretScan {
    private static final Pattern ANY_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Set<String> customerUuids = new LinkedHashSet<>();
    private final Set<String> publicUuids = new LinkedHashSet<>();

    /** A value that must appear nowhere, e.g. "the API key". */
    SecretScan secret(String name, String value) {
        secrets.put(name, value);
        return this;
    }

    /** A customer's UUID: found with or without dashes, in any case. */
    SecretScan customerUuid(String uuid) {
        customerUuids.add(uuid.toLowerCase(Locale.ROOT));
        return this;
    }

    /** A fixed UUID that belongs to no customer and may be shown, e.g. the doctor's auth probe. */
    SecretScan publicUuid(String uuid) {
        publicUuids.add(uuid.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Every finding in the named texts; empty when they are clean. */
    List<String> scan(Map<String, String> sources) {
        List<String> findings = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            List<String> lines = source.getValue().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                for (String what : scanLine(lines.get(i))) {
                    findings.add(source.getKey() + " line " + (i + 1) + ": " + what);
                }
            }
        }
        return findings;
    }

    private List<String> scanLine(String line) {
        List<String> found = new ArrayList<>();
        secrets.forEach((name, value) -> {
            if (line.contains(value)) {
                found.add(name);
            }
        });
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.contains("vless://")) {
            found.add("a vless:// link");
        }
        for (String uuid : customerUuids) {
            if (lower.contains(uuid) || lower.contains(uuid.replace("-", ""))) {
                found.add("the full UUID of customer key " + uuid.substring(0, 8));
            }
        }
        Matcher any = ANY_UUID.matcher(line);
        while (any.find()) {
            if (publicUuids.contains(any.group().toLowerCase(Locale.ROOT))) {
                continue;
            }
            found.add("a full UUID " + any.group().substring(0, 8) + "…");
        }
        return found;
    }
}
