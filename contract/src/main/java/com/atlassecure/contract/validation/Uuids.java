package com.atlassecure.contract.validation;

import com.atlassecure.contract.errors.ErrorCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * UUID rules shared by both sides (design principle 7). {@code strip()} is the only change ever made to a UUID;
 * everything else is rejected rather than repaired, because a "repaired" UUID is a different customer.
 */
public final class Uuids {
    // java.util.UUID.fromString accepts "1-1-1-1-1"; Xray and clients expect the canonical 8-4-4-4-12 form.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String[] FORBIDDEN_PREFIXES = {"stage-", "prod-", "test-"};

    private Uuids() {}

    /**
     * Returns {@code raw.strip()} when it is a canonical UUID, else throws {@link ContractViolation} with
     * {@link ErrorCode#INVALID_UUID}.
     */
    public static String requireValid(String raw) {
        if (raw == null) {
            throw new ContractViolation(ErrorCode.MISSING_FIELD, "uuid is required");
        }
        String stripped = raw.strip();
        String lower = stripped.toLowerCase(Locale.ROOT);
        for (String prefix : FORBIDDEN_PREFIXES) {
            if (lower.startsWith(prefix)) {
                throw new ContractViolation(
                        ErrorCode.INVALID_UUID,
                        "uuid must not carry an environment prefix, got prefix '" + prefix + "'");
            }
        }
        if (!CANONICAL.matcher(stripped).matches()) {
            throw new ContractViolation(
                    ErrorCode.INVALID_UUID, "uuid must be 8-4-4-4-12 hex, got " + describe(stripped));
        }
        return stripped;
    }

    /** True when {@link #requireValid} would accept the value. */
    public static boolean isValid(String raw) {
        try {
            requireValid(raw);
            return true;
        } catch (ContractViolation e) {
            return false;
        }
    }

    /** The first 8 characters, the only form in which a UUID may appear in a log line. */
    public static String shortForm(String uuid) {
        if (uuid == null) {
            return "null";
        }
        return uuid.length() <= 8 ? uuid : uuid.substring(0, 8);
    }

    // Invalid input is echoed only by length and a short head, so a pasted secret never lands in a response.
    private static String describe(String value) {
        String head = value.length() > 8 ? value.substring(0, 8) + "…" : value;
        return "'" + head.replaceAll("[^\\x20-\\x7e…]", "?") + "' (" + value.length() + " chars)";
    }
}
