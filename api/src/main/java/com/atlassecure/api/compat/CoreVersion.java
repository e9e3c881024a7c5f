package com.atlassecure.api.compat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A three-part version as REALITY compares them: each part one byte (Xray stores {@code minClientVer} as three bytes),
 * compared part by part. "26.7" means 26.7.0.
 */
public record CoreVersion(int major, int minor, int patch) implements Comparable<CoreVersion> {
    private static final Pattern PARTS = Pattern.compile("(\\d{1,3})(?:\\.(\\d{1,3}))?(?:\\.(\\d{1,3}))?");
    private static final Pattern XRAY_LINE = Pattern.compile("^Xray (\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\b");

    public CoreVersion {
        for (int part : new int[] {major, minor, patch}) {
            if (part < 0 || part > 255) {
                throw new IllegalArgumentException("a REALITY version part must be in [0, 255], got " + part);
            }
        }
    }

    /** Parses "1.8.1", "26.7" or "26"; IllegalArgumentException naming the value otherwise. */
    public static CoreVersion parse(String text) {
        Matcher m = PARTS.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version of up to three numeric parts: \"" + text + "\"");
        }
        return new CoreVersion(part(m.group(1)), part(m.group(2)), part(m.group(3)));
    }

    /** The version in the first line of {@code xray version} ("Xray 26.7.28 (Xray, ...) ..."), if it has one. */
    public static Optional<CoreVersion> ofXrayVersionLine(String line) {
        Matcher m = XRAY_LINE.matcher(line == null ? "" : line.strip());
        return m.find() ? Optional.of(parse(m.group(1))) : Optional.empty();
    }

    private static int part(String digits) {
        if (digits == null) {
            return 0;
        }
        int value = Integer.parseInt(digits);
        if (value > 255) {
            throw new IllegalArgumentException("a REALITY version part must be in [0, 255], got " + value);
        }
        return value;
    }

    public boolean atLeast(CoreVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(CoreVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
