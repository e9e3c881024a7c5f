package com.atlassecure.api.xray;

/** Xray already has a user with this email ("User X already exists."). */
public final class XrayUserExistsException extends XrayException {
    public XrayUserExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
