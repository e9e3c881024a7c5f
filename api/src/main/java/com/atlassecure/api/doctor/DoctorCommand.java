package com.atlassecure.api.doctor;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-api doctor}: re-runs the production audit against a deployment and prints a table and a score. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Audit an Xray config, the API and bot env files, a sample link and a running API the way the production"
                    + " audit did. Every check prints PASS, WARN or FAIL with a reason naming the values involved.",
            "",
            "Score: the audit's weights (bot architecture 25, API link generation 20, API Xray client config 15,"
                    + " config/env hygiene 15, security 15, documentation/config validation 10). In a category PASS"
                    + " earns full credit, WARN half, FAIL none. A category none of whose inputs was given is"
                    + " 'not assessed' and left out: the score is out of 100 over the assessed weight, printed next"
                    + " to it. See docs/decisions/0006-doctor-score.md.",
            "",
            "Secrets are never printed: keys appear only as sha256 fingerprints, links only by their UUID's head.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no check failed (WARNs allowed)", "1:at least one check failed", "2:usage error"})
public final class DoctorCommand implements Callable<Integer> {
    static final int EXIT_FAIL = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The Xray config.json to audit.")
    Path config;

    @Option(names = "--api-env", description = "The API's env file (KEY=VALUE lines).")
    Path apiEnv;

    @Option(names = "--bot-env", description = "The bot's env file (KEY=VALUE lines).")
    Path botEnv;

    @Option(names = "--link", description = "A sample vless:// link the API issued.")
    String link;

    @Option(names = "--api-url", description = "Base URL of a running API, e.g. https://api.mynewllcw.com.")
    String apiUrl;

    @Option(
            names = "--api-key",
            description = "Key for --api-url (prefer --api-key-file; default: XRAY_API_KEY of --api-env).")
    String apiKey;

    @Option(names = "--api-key-file", description = "File holding the key for --api-url.")
    Path apiKeyFile;

    @Option(names = "--xray-bin", description = "xray binary for 'xray run -test' (default: xray on PATH).")
    Path xrayBin;

    @Option(
            names = "--host",
            description = "Also check this host (run as root on the VPN server): the nftables egress table for"
                    + " Xray's user and the interfaces' own addresses in it.")
    boolean host;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(
            names = "--expect-host",
            defaultValue = "vpn.mynewllcw.com",
            description = "Production link host (default: ${DEFAULT-VALUE}).")
    String expectHost;

    @Option(
            names = "--expect-port",
            defaultValue = "4443",
            description = "Production inbound port (default: ${DEFAULT-VALUE}).")
    int expectPort;

    @Option(
            names = "--expect-sni",
            defaultValue = "www.microsoft.com",
            description = "Production REALITY SNI (default: ${DEFAULT-VALUE}).")
    String expectSni;

    @Option(
            names = "--timeout",
            defaultValue = "5",
            description = "Seconds to wait for each request to --api-url (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DoctorInputs inputs;
        try {
            inputs = inputs();
        } catch (UsageException e) {
            err.println("doctor: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        List<CheckResult> results = new java.util.ArrayList<>(Doctor.run(inputs));
        results.addAll(FileModeChecks.run(config, apiEnv));
        if (host) {
            results.add(EgressChecks.hostFirewall(EgressChecks::run, EgressChecks.hostAddresses()));
        }
        Report report = new Report(results);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.table());
        out.flush();
        return Doctor.anyFailed(results) ? EXIT_FAIL : 0;
    }

    private DoctorInputs inputs() {
        if (expectPort < 1 || expectPort > 65535) {
            throw new UsageException("--expect-port must be in [1, 65535], got " + expectPort);
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        if (apiKey != null && apiKeyFile != null) {
            throw new UsageException("give --api-key or --api-key-file, not both");
        }
        if (xrayBin != null && !Files.exists(xrayBin)) {
            throw new UsageException("--xray-bin " + xrayBin + " does not exist");
        }
        Map<String, String> api = envFile("--api-env", apiEnv);
        Map<String, String> bot = envFile("--bot-env", botEnv);
        URI url = apiUrl == null ? null : url(apiUrl);
        String key = apiKey;
        if (apiKeyFile != null) {
            key = read("--api-key-file", apiKeyFile).strip();
        }
        if (key == null && api != null) {
            key = ApiEnvChecks.value(api, "XRAY_API_KEY");
        }
        return new DoctorInputs(
                config,
                api,
                bot,
                link == null ? null : link.strip(),
                url,
                key,
                xrayBin,
                new Expectations(expectHost, expectPort, expectSni),
                Duration.ofSeconds(timeoutSeconds));
    }

    private static Map<String, String> envFile(String option, Path file) {
        if (file == null) {
            return null;
        }
        try {
            return EnvFile.parse(read(option, file).lines().toList(), file.toString());
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    private static String read(String option, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(
                    option + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static URI url(String raw) {
        try {
            URI uri = new URI(raw.strip());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new UsageException("--api-url must be an http(s) URL with a host, got " + raw);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--api-url is not a URL: " + raw);
        }
    }

    /** A bad option value; reported on stderr with exit code 2, like picocli's own usage errors. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
