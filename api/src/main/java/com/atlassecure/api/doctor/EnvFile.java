package com.atlassecure.api.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an env file as systemd's EnvironmentFile and Railway's raw editor write them: {@code KEY=VALUE} lines,
 * {@code #} comments, blank lines, an optional {@code export } prefix, and values optionally in single or double
 * quotes. A line that is none of these is an error naming the file and line, since a silently skipped line is a
 * setting the operator thinks is set.
 */
final class EnvFile {
    private EnvFile() {}

    static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(
                        source + " line " + (i + 1) + " is not KEY=VALUE: '" + headOf(lines.get(i)) + "'");
            }
            env.put(name, unquote(line.substring(eq + 1).strip()));
        }
        return env;
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }

    // A malformed line may hold a secret; show only its start.
    private static String headOf(String line) {
        String stripped = line.strip();
        return stripped.length() > 12 ? stripped.substring(0, 12) + "…" : stripped;
    }
}
