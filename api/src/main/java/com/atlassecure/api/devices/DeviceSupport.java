package com.atlassecure.api.devices;

import com.atlassecure.api.xray.XrayDevices.SourceEncoding;

/**
 * Whether this node enforces device limits, and why not when it does not; {@code encoding} is how the running Xray
 * reads a rule's source addresses (null when not enforced).
 */
public record DeviceSupport(boolean enforced, String detail, SourceEncoding encoding) {

    static DeviceSupport enforced(SourceEncoding encoding) {
        return new DeviceSupport(
                true, "routing rules and session closing answer; source rules as " + encoding, encoding);
    }

    static DeviceSupport notEnforced(String why) {
        return new DeviceSupport(false, why, null);
    }

    /** "enforced" or "not_enforced: why", for /health. */
    public String status() {
        return enforced ? "enforced" : "not_enforced: " + detail;
    }
}
