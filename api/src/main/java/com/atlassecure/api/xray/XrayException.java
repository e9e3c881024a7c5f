package com.atlassecure.api.xray;

/**
 * Any failure reported by Xray's gRPC API. Subclasses name the failures callers branch on; the rest carry Xray's
 * own status and description so nothing Xray says is lost.
 */
public class XrayException extends RuntimeException {
    public XrayException(String message, Throwable cause) {
        super(message, cause);
    }
}
