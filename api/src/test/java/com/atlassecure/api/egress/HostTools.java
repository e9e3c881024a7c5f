package com.atlassecure.api.egress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Checks that this host can run the namespace tests: root, ip, nft, setpriv. Skips outside CI, fails under CI. */
final class HostTools {
    private HostTools() {}

    static void requireOrAbort() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (network namespaces and nftables)");
        }
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/bin/setpriv")) {
            if (!Files.isExecutable(Path.of(tool))) {
                missing.add(tool + (tool.endsWith("nft") ? " (apt-get install -y nftables)" : ""));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "the customer-egress test needs " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", ""))) {
            throw new IllegalStateException("CI=true but " + reason + "; .ci/run provide_nftables installs nft");
        }
        Assumptions.abort(reason);
    }
}
