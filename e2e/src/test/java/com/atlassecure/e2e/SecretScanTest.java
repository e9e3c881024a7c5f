package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log scan must be able to fail: each kind of leak is found, and a finding never repeats the secret. */
class SecretScanTest {
    private static final String KEY = "k".repeat(40);
    private static final String UUID = "0f8c3a52-8d1e-4c6b-9a47-2e5b7d1c9f03";
    private static final String PROBE = "00000000-0000-4000-8000-000000000000";

    private final SecretScan scan =
            new SecretScan().secret("the API key", KEY).customerUuid(UUID).publicUuid(PROBE);

    @Test
    void findsEachKindOfLeakWithItsSourceAndLine() {
        var findings = scan.scan(Map.of(
                "api",
                "event=ok\nevent=auth key=" + KEY + "\nlink=VLESS://x@h:1\nuuid=" + UUID.toUpperCase() + "\nraw="
                        + UUID.replace("-", "") + "\nother=11111111-2222-3333-4444-555555555555"));

        assertThat(findings)
                .containsExactly(
                        "api line 2: the API key",
                        "api line 3: a vless:// link",
                        "api line 4: the full UUID of customer key 0f8c3a52",
                        "api line 4: a full UUID 0F8C3A52…",
                        "api line 5: the full UUID of customer key 0f8c3a52",
                        "api line 6: a full UUID 11111111…");
        assertThat(String.join("\n", findings)).doesNotContain(KEY).doesNotContain(UUID);
    }

    @Test
    void cleanLogsAndTheShortFormAndAPublicProbeUuidPass() {
        assertThat(scan.scan(
                        Map.of("bot", "event=key_delivered uuid=0f8c3a52 key=sha256:58782e2ad6a0\nprobe=" + PROBE)))
                .isEmpty();
    }
}
