package com.atlassecure.api.xray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads the first line of {@code xray version}; Xray's gRPC API does not report its own version. */
public final class XrayVersion {
    private XrayVersion() {}

    /** "Xray 26.3.27 (...)" style first line, or "unknown (reason)" when the binary cannot be run. */
    public static String of(String xrayBin) {
        try {
            Process p = new ProcessBuilder(xrayBin, "version")
                    .redirectErrorStream(true)
                    .start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (" + xrayBin + " version timed out)";
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl).strip();
        } catch (IOException e) {
            return "unknown (" + xrayBin + " not runnable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
