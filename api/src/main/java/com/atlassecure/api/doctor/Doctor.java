package com.atlassecure.api.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs every check group the inputs allow, in the audit's order, and returns the results. */
final class Doctor {
    private Doctor() {}

    static List<CheckResult> run(DoctorInputs in) {
        String inboundTag = in.apiEnv() == null ? null : ApiEnvChecks.value(in.apiEnv(), "XRAY_INBOUND_TAG");
        ConfigChecks.Outcome config = ConfigChecks.run(in.config(), inboundTag, in.expect());
        Optional<LoadedConfig> loaded = config.loaded();
        List<CheckResult> results = new ArrayList<>(config.results());
        if (loaded.isPresent()) {
            results.add(EgressChecks.routingRule(in.config(), inboundTag));
        }
        if (in.apiEnv() != null) {
            results.addAll(ApiEnvChecks.run(in.apiEnv(), loaded, in.expect()));
        }
        if (in.botEnv() != null) {
            results.addAll(BotEnvChecks.run(in.botEnv(), in.apiEnv()));
        }
        if (in.link() != null) {
            results.addAll(LinkChecks.run(in.link(), loaded, in.apiEnv(), in.expect()));
        }
        if (in.apiUrl() != null) {
            String secret = in.apiEnv() == null ? null : ApiEnvChecks.value(in.apiEnv(), "XRAY_API_SIGNING_SECRET");
            results.addAll(new LiveApiChecks(in.apiUrl(), in.timeout())
                    .run(
                            in.apiKey(),
                            secret == null ? null : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            loaded));
        }
        Path xrayBin = xrayBin(in);
        results.add(XrayTestCheck.run(xrayBin, in.config()));
        results.addAll(ClientChecks.run(loaded, xrayBin));
        return List.copyOf(results);
    }

    /** --xray-bin, else the API env's XRAY_BIN (a path or a name on PATH), else xray on PATH; null if none. */
    private static Path xrayBin(DoctorInputs in) {
        if (in.xrayBin() != null) {
            return in.xrayBin();
        }
        String fromEnv = in.apiEnv() == null ? null : ApiEnvChecks.value(in.apiEnv(), "XRAY_BIN");
        if (fromEnv != null && fromEnv.contains("/")) {
            return Path.of(fromEnv);
        }
        return XrayTestCheck.onPath(fromEnv == null ? "xray" : fromEnv, System.getenv("PATH"));
    }

    static boolean anyFailed(List<CheckResult> results) {
        return results.stream().anyMatch(r -> r.status() == Status.FAIL);
    }
}
