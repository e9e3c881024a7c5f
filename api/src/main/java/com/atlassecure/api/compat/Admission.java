package com.atlassecure.api.compat;

import java.util.Optional;

/**
 * Predicts whether a REALITY server admits a client core, from the server's Xray version and its
 * {@code minClientVer}/{@code maxClientVer}. The gates, from Xray's source and release notes (xray-facts.md):
 *
 * <ul>
 *   <li>26.7.11 to before 26.9.8: an unset or empty {@code minClientVer} means 26.3.27;
 *   <li>26.9.8 and later: no implicit minimum, but a ClientHello without an X25519MLKEM768 key share is refused, and
 *       {@code minClientVer} does not open that gate (from release notes; not buildable here, so not proven in CI);
 *   <li>a refused client is handed to the target site: it "connects" and carries nothing.
 * </ul>
 *
 * <p>Thread-safe and stateless.
 */
public final class Admission {
    /** First release whose unset {@code minClientVer} means {@link #IMPLICIT_MINIMUM}. */
    public static final CoreVersion IMPLICIT_MINIMUM_FROM = new CoreVersion(26, 7, 11);
    /** The implicit minimum of those releases. */
    public static final CoreVersion IMPLICIT_MINIMUM = new CoreVersion(26, 3, 27);
    /** First release that refuses a ClientHello without an X25519MLKEM768 key share, and drops the implicit minimum. */
    public static final CoreVersion ML_KEM_REQUIRED_FROM = new CoreVersion(26, 9, 8);

    /** What the server will do with one core, and why, in words an operator can act on. */
    public record Verdict(boolean admitted, String reason) {}

    private Admission() {}

    /**
     * The minimum client version the server enforces, or empty when it admits every version. An unknown server
     * version is taken as the strictest case the config allows: the implicit minimum applies when none is written.
     */
    public static Optional<CoreVersion> effectiveMinimum(Optional<CoreVersion> server, String minClientVer) {
        if (minClientVer != null && !minClientVer.isBlank()) {
            return Optional.of(CoreVersion.parse(minClientVer));
        }
        if (server.isEmpty()) {
            return Optional.of(IMPLICIT_MINIMUM);
        }
        CoreVersion v = server.get();
        return v.atLeast(IMPLICIT_MINIMUM_FROM) && !v.atLeast(ML_KEM_REQUIRED_FROM)
                ? Optional.of(IMPLICIT_MINIMUM)
                : Optional.empty();
    }

    /** A human description of {@link #effectiveMinimum}: "1.8.1 (written)", "26.3.27 (Xray's default)" or "none". */
    public static String describeMinimum(Optional<CoreVersion> server, String minClientVer) {
        Optional<CoreVersion> min = effectiveMinimum(server, minClientVer);
        if (min.isEmpty()) {
            return "none";
        }
        boolean written = minClientVer != null && !minClientVer.isBlank();
        return min.get() + (written ? " (written in realitySettings.minClientVer)" : " (Xray's default: unset)");
    }

    /** The verdict for one client profile against a server. */
    public static Verdict predict(
            Optional<CoreVersion> server, String minClientVer, String maxClientVer, ClientProfile client) {
        String who = client.core().id() + " (reports " + client.reports() + ")";
        if (server.isPresent() && server.get().atLeast(ML_KEM_REQUIRED_FROM) && !client.sendsMlKemShare()) {
            return new Verdict(
                    false,
                    who + " is refused: Xray " + server.get() + " requires an X25519MLKEM768 key share, which "
                            + client.core().id() + " does not send; minClientVer cannot lift this");
        }
        Optional<CoreVersion> min = effectiveMinimum(server, minClientVer);
        if (min.isPresent() && client.reports().compareTo(min.get()) < 0) {
            return new Verdict(
                    false,
                    who + " is handed to the target site: below minClientVer " + describeMinimum(server, minClientVer));
        }
        if (maxClientVer != null && !maxClientVer.isBlank()) {
            CoreVersion max = CoreVersion.parse(maxClientVer);
            if (client.reports().compareTo(max) > 0) {
                return new Verdict(false, who + " is handed to the target site: above maxClientVer " + max);
            }
        }
        return new Verdict(true, who + " is admitted (minClientVer " + describeMinimum(server, minClientVer) + ")");
    }
}
