package com.atlassecure.api.doctor;

import com.atlassecure.api.compat.Admission;
import com.atlassecure.api.compat.ClientProfile;
import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.api.xray.XrayVersion;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import com.atlassecure.contract.clients.RecommendedApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Predicts which client cores the server admits (design principle 14): one {@code clients.<core>} row per core, from
 * the xray binary's version and the inbound's {@code minClientVer}/{@code maxClientVer}. A refused core that the bot
 * recommends (contract {@link RecommendedApps}) is a FAIL: those customers would connect and carry nothing. A refused
 * core nobody is sent to is a WARN. The client matrix test holds these predictions to real connections.
 */
final class ClientChecks {
    static final String MIN_CLIENT_VER_ID = "clients.min-client-ver";

    private ClientChecks() {}

    static List<CheckResult> run(Optional<LoadedConfig> loaded, Path xrayBin) {
        if (loaded.isEmpty()) {
            return List.of();
        }
        VlessRealityInbound inbound = loaded.get().inbound();
        Optional<CoreVersion> server = serverVersion(xrayBin);
        String versionNote = server.map(v -> "Xray " + v).orElse("an unknown Xray version (no runnable --xray-bin)");
        List<CheckResult> results = new ArrayList<>();
        CoreVersion written;
        try {
            written = writtenMinimum(inbound.minClientVer());
            if (inbound.maxClientVer() != null && !inbound.maxClientVer().isBlank()) {
                CoreVersion.parse(inbound.maxClientVer());
            }
        } catch (IllegalArgumentException e) {
            results.add(CheckResult.fail(
                    MIN_CLIENT_VER_ID, Category.VALIDATION, "realitySettings version gate: " + e.getMessage()));
            return results;
        }
        if (written == null) {
            results.add(CheckResult.warn(
                    MIN_CLIENT_VER_ID,
                    Category.VALIDATION,
                    "realitySettings.minClientVer is not written, so " + versionNote + " decides it: minimum "
                            + Admission.describeMinimum(server, inbound.minClientVer())
                            + "; write it (atlas-api init does) so an Xray upgrade cannot change who connects"));
        } else {
            results.add(CheckResult.pass(
                    MIN_CLIENT_VER_ID, Category.VALIDATION, "realitySettings.minClientVer is written: " + written));
        }
        for (ClientProfile profile : ClientProfile.ALL) {
            results.add(verdictRow(server, versionNote, inbound, profile));
        }
        return results;
    }

    private static CheckResult verdictRow(
            Optional<CoreVersion> server, String versionNote, VlessRealityInbound inbound, ClientProfile profile) {
        Admission.Verdict verdict = Admission.predict(server, inbound.minClientVer(), inbound.maxClientVer(), profile);
        String id = "clients." + profile.core().id();
        List<String> apps = RecommendedApps.ALL.stream()
                .filter(app -> app.core() == profile.core())
                .map(RecommendedApps.App::name)
                .toList();
        String reason = "on " + versionNote + ": " + verdict.reason();
        if (verdict.admitted()) {
            return CheckResult.pass(id, Category.VALIDATION, reason);
        }
        if (!apps.isEmpty()) {
            return CheckResult.fail(
                    id, Category.VALIDATION, reason + "; the bot recommends " + String.join(", ", apps) + " on it");
        }
        return CheckResult.warn(id, Category.VALIDATION, reason + "; the bot recommends no app on this core");
    }

    private static CoreVersion writtenMinimum(String minClientVer) {
        return minClientVer == null || minClientVer.isBlank() ? null : CoreVersion.parse(minClientVer);
    }

    private static Optional<CoreVersion> serverVersion(Path xrayBin) {
        if (xrayBin == null || !Files.isExecutable(xrayBin)) {
            return Optional.empty();
        }
        return CoreVersion.ofXrayVersionLine(XrayVersion.of(xrayBin.toString()));
    }
}
