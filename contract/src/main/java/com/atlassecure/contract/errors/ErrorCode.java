package com.atlassecure.contract.errors;

/**
 * Stable error codes of the API. The wire value ({@link #code()}) and the HTTP status never change for a given
 * constant; clients branch on the code, never on the message.
 */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", 400),
    UNKNOWN_FIELD("unknown_field", 400),
    INVALID_FIELD("invalid_field", 422),
    MISSING_FIELD("missing_field", 422),
    INVALID_UUID("invalid_uuid", 422),
    INVALID_EXPIRY("invalid_expiry", 422),
    UNAUTHORIZED("unauthorized", 401),
    BAD_SIGNATURE("bad_signature", 401),
    STALE_TIMESTAMP("stale_timestamp", 401),
    REPLAYED_SIGNATURE("replayed_signature", 401),
    USER_NOT_FOUND("user_not_found", 404),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    UUID_CONFLICT("uuid_conflict", 409),
    BODY_TOO_LARGE("body_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    RATE_LIMITED("rate_limited", 429),
    INTERNAL("internal", 500),
    XRAY_UNAVAILABLE("xray_unavailable", 503),
    /**
     * The server holds its maximum of active users: a server-side condition, not the caller's mistake, and it lasts
     * until users expire or the operator raises the limit, hence 5xx and not 409 (a conflict of the request with
     * the resource) or 503 (the bot's "retry soon").
     */
    CAPACITY_EXHAUSTED("capacity_exhausted", 507);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The value sent on the wire in {@code error.code}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The constant for a wire value, or {@link #INTERNAL} for a code this version does not know. */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
