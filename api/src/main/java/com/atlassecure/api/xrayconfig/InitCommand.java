package com.atlassecure.api.xrayconfig;

import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.api.reality.RealityKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-api init}: writes a complete working Xray config with fresh keys and prints the matching env. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Write a working VLESS + REALITY + Vision Xray config with fresh keys, and print the API env.")
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Where to write config.json.")
    Path out;

    @Option(
            names = "--template",
            description = "Fill this config (e.g. deploy/xray/config.json) instead of the built-in one.")
    Path template;

    @Option(
            names = "--host",
            defaultValue = "vpn.mynewllcw.com",
            description = "Host written into links (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "4443", description = "Inbound port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--sni",
            defaultValue = "www.microsoft.com",
            description = "REALITY server name (default: ${DEFAULT-VALUE}).")
    String sni;

    @Option(names = "--target", description = "REALITY target host:port (default: <sni>:443).")
    String target;

    @Option(
            names = "--api-listen",
            defaultValue = "127.0.0.1:10085",
            description = "Xray gRPC API address (default: ${DEFAULT-VALUE}).")
    String apiListen;

    @Option(
            names = "--allow-private-destinations",
            description = "Do not block private and loopback destinations (local testing only).")
    boolean allowPrivate;

    @Option(
            names = "--min-client-ver",
            defaultValue = InitParameters.DEFAULT_MIN_CLIENT_VER,
            description = "Oldest REALITY client version admitted, written as realitySettings.minClientVer"
                    + " (default: ${DEFAULT-VALUE}, what sing-box apps report; docs/COMPATIBILITY.md).")
    String minClientVer;

    @Option(names = "--env-out", description = "Also write the matching api.env lines to this file.")
    Path envOut;

    @Option(names = "--force", description = "Overwrite an existing config.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 65535) {
            err.println("--port must be in [1, 65535], got " + port);
            return 2;
        }
        try {
            CoreVersion.parse(minClientVer);
        } catch (IllegalArgumentException e) {
            err.println("--min-client-ver: " + e.getMessage());
            return 2;
        }
        if (Files.exists(out) && !force) {
            err.println(
                    out + " exists; pass --force to overwrite it (its keys would change, and every link with them)");
            return 2;
        }
        InitParameters params = new InitParameters(
                port,
                sni,
                target == null ? sni + ":443" : target,
                apiListen,
                RealityKeys.generate(),
                RealityKeys.newShortId(),
                allowPrivate,
                minClientVer);
        byte[] config = template == null
                ? ReferenceConfig.render(params)
                : ReferenceConfig.fill(Files.readAllBytes(template), template.toString(), params);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFiles.writeAtomically(out, config, FileModes.CONFIG);
        String env = envLines(params);
        if (envOut != null) {
            AtomicFiles.writeAtomically(
                    envOut, env.getBytes(java.nio.charset.StandardCharsets.UTF_8), FileModes.PRIVATE);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out + " (inbound " + ReferenceConfig.INBOUND_TAG + " on port " + port + ", sni " + sni
                + ")");
        o.println("# api.env lines for this config:");
        o.print(env);
        o.flush();
        return 0;
    }

    private String envLines(InitParameters p) {
        return "XRAY_CONFIG_PATH=" + out.toAbsolutePath() + "\n"
                + "XRAY_GRPC_ADDRESS=" + p.apiListen() + "\n"
                + "XRAY_SERVER_HOST=" + host + "\n"
                + "XRAY_PORT=" + p.port() + "\n"
                + "XRAY_SNI=" + p.sni() + "\n"
                + "XRAY_PUBLIC_KEY=" + p.keys().publicKey() + "\n"
                + "XRAY_SHORT_ID=" + p.shortId() + "\n";
    }
}
