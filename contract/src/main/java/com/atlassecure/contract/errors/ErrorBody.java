package com.atlassecure.contract.errors;

/** The one error shape of the API: {@code {"error": {"code": "...", "message": "..."}}}. */
public record ErrorBody(Detail error) {

    /** The code and a human-readable message that names the offending values (never a secret). */
    public record Detail(String code, String message) {}

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code.code(), message));
    }
}
