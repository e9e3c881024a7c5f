package com.atlassecure.api.xrayconfig;

/** The Xray config cannot be read or does not have the shape the API needs; the message names file and field. */
public final class XrayConfigException extends RuntimeException {
    public XrayConfigException(String message) {
        super(message);
    }

    public XrayConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
