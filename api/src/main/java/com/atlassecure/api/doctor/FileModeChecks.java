package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.SECURITY;

import com.atlassecure.api.xrayconfig.FileModes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** config.json and api.env hold secrets: FAIL when "other" has any bit on either (review L6). */
final class FileModeChecks {
    private FileModeChecks() {}

    static List<CheckResult> run(Path config, Path apiEnv) {
        List<CheckResult> results = new ArrayList<>();
        results.add(check("files.config-mode", config, "the REALITY private key"));
        if (apiEnv != null) {
            results.add(check("files.api-env-mode", apiEnv, "the API key and signing secret"));
        }
        return results;
    }

    private static CheckResult check(String id, Path file, String what) {
        Optional<String> tooOpen = FileModes.tooOpen(file);
        return tooOpen.isPresent()
                ? CheckResult.fail(id, SECURITY, tooOpen.get() + " (it holds " + what + ")")
                : CheckResult.pass(id, SECURITY, file + " grants nothing to other users");
    }
}
