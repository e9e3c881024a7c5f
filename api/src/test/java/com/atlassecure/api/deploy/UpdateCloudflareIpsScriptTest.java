package com.atlassecure.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review L7: deploy/proxy/update-cloudflare-ips.sh, run for real with stand-ins for curl, caddy and systemctl on
 * PATH. A bad download or a config Caddy rejects must leave the live files as they were.
 */
class UpdateCloudflareIpsScriptTest {
    private static final Path SCRIPT = Path.of("..", "deploy", "proxy", "update-cloudflare-ips.sh");
    private static final String OLD = "old-content\n";

    @TempDir
    Path dir;

    private Path bin;
    private Path caddyDir;

    @BeforeEach
    void standIns() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        caddyDir = Files.createDirectories(dir.resolve("caddy"));
        Files.writeString(caddyDir.resolve("Caddyfile"), "import " + caddyDir + "/cloudflare-not-cloudflare.caddy\n");
        Files.writeString(caddyDir.resolve("cloudflare-trusted-proxies.caddy"), OLD);
        Files.writeString(caddyDir.resolve("cloudflare-not-cloudflare.caddy"), OLD);
        // curl prints $FAKE_V4 or $FAKE_V6 depending on the URL
        script("curl", "case \"$*\" in *ips-v4*) printf '%s' \"$FAKE_V4\";; *) printf '%s' \"$FAKE_V6\";; esac\n");
        // caddy validate: fails when the imported file the copy points at contains the marker, records its path
        script(
                "caddy",
                "echo \"$3\" >> " + dir.resolve("validated") + "\n[ -n \"$CADDY_REJECT\" ] && exit 1\nexit 0\n");
        script("systemctl", "echo \"$*\" >> " + dir.resolve("systemctl") + "\n");
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private int run(String v4, String v6) throws Exception {
        return run(v4, v6, false);
    }

    private int run(String v4, String v6, boolean caddyRejects) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder("bash", SCRIPT.toString(), caddyDir.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_V4", v4);
        env.put("FAKE_V6", v6);
        if (caddyRejects) {
            env.put("CADDY_REJECT", "1");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.println("update-cloudflare-ips: " + out);
        return p.exitValue();
    }

    private static String v4(int n) {
        return IntStream.range(0, n).mapToObj(i -> "104." + i + ".0.0/13").collect(Collectors.joining("\n")) + "\n";
    }

    private String live(String name) throws IOException {
        return Files.readString(caddyDir.resolve(name));
    }

    @Test
    void aGoodListIsValidatedAsACopyThenInstalledAndCaddyReloaded() throws Exception {
        assertThat(run(v4(12), "2400:cb00::/32\n")).isZero();

        assertThat(live("cloudflare-not-cloudflare.caddy"))
                .contains("104.0.0.0/13")
                .contains("2400:cb00::/32");
        assertThat(Files.readString(dir.resolve("validated"))).doesNotContain(caddyDir + "/Caddyfile\n");
        assertThat(Files.readString(dir.resolve("systemctl"))).contains("reload caddy");
    }

    @Test
    void aPrefixWiderThanSlash8OrAnAllAddressesRangeIsRefusedAndNothingChanges() throws Exception {
        assertThat(run(v4(12) + "0.0.0.0/0\n", "2400:cb00::/32\n")).isEqualTo(1);
        assertThat(run(v4(12), "::/0\n")).isEqualTo(1);
        assertThat(run(v4(12) + "999.1.1.1/16\n", "")).isEqualTo(1);

        assertThat(live("cloudflare-not-cloudflare.caddy")).isEqualTo(OLD);
        assertThat(live("cloudflare-trusted-proxies.caddy")).isEqualTo(OLD);
        assertThat(dir.resolve("systemctl")).doesNotExist();
    }

    @Test
    void whenCaddyRejectsTheNewFilesTheLiveOnesStayAsTheyWere() throws Exception {
        assertThat(run(v4(12), "2400:cb00::/32\n", true)).isNotZero();

        assertThat(live("cloudflare-not-cloudflare.caddy")).isEqualTo(OLD);
        assertThat(dir.resolve("systemctl")).doesNotExist();
    }
}
