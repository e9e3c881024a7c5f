package com.atlassecure.api.xray;

/** Xray's API could not be reached or did not answer within the deadline; the change was not applied. */
public final class XrayUnavailableException extends XrayException {
    public XrayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
