package com.atlassecure.api.sessions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What this test JVM may do, read from /proc/self/status. */
final class Capabilities {
    private static final int CAP_NET_ADMIN = 12;

    private Capabilities() {}

    static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(
                            line.substring("CapEff:".length()).strip(), 16);
                    return (mask & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** The argv prefix that runs a program with CAP_NET_ADMIN removed from every set. */
    static List<String> withoutNetAdmin() {
        return List.of("setpriv", "--inh-caps=-net_admin", "--ambient-caps=-net_admin", "--bounding-set=-net_admin");
    }
}
