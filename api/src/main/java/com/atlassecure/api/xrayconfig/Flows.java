package com.atlassecure.api.xrayconfig;

/** The one VLESS flow this product uses; every client the API writes carries it (design principle 2). */
public final class Flows {
    public static final String VISION_FLOW = "xtls-rprx-vision";

    private Flows() {}

    public static boolean isVision(String flow) {
        return VISION_FLOW.equals(flow);
    }
}
