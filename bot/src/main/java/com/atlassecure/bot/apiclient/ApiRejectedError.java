package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.errors.ErrorCode;

/** The API answered with a 4xx error body: the request itself was refused, with the API's stable code. */
public final class ApiRejectedError extends ApiCallException {
    private final int status;
    private final ErrorCode code;

    public ApiRejectedError(int status, ErrorCode code, String message) {
        super("API refused the request: status=" + status + " code=" + code.code() + " message=" + message, null);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }
}
