package com.atlassecure.api.xrayconfig;

/** One client of the VLESS inbound as written in config.json; {@code flow} and {@code expiryTime} may be null. */
public record ClientEntry(String id, String email, String flow, int level, Long expiryTime) {

    /** A client carrying the Vision flow, as the API always writes them. */
    public static ClientEntry vision(String id, String email, Long expiryTime) {
        return new ClientEntry(id, email, Flows.VISION_FLOW, 0, expiryTime);
    }

    public boolean hasVisionFlow() {
        return Flows.isVision(flow);
    }

    /** The same client with the Vision flow, which is how the API repairs a client found without it. */
    public ClientEntry withVisionFlow() {
        return new ClientEntry(id, email, Flows.VISION_FLOW, level, expiryTime);
    }
}
