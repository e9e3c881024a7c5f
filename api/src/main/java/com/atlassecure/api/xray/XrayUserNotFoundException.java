package com.atlassecure.api.xray;

/** Xray has no user (or no counter) by that name. */
public final class XrayUserNotFoundException extends XrayException {
    public XrayUserNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
