package com.atlassecure.contract.settings;

/** Which API the bot talks to; each environment reads its own URL/key pair so a stage bot never hits prod. */
public enum AppEnv {
    PROD("PROD_XRAY_API_URL", "PROD_XRAY_API_KEY", "PROD_XRAY_API_NODES"),
    STAGE("STAGE_XRAY_API_URL", "STAGE_XRAY_API_KEY", "STAGE_XRAY_API_NODES"),
    DEV("XRAY_API_URL", "XRAY_API_KEY", "XRAY_API_NODES");

    private final String urlVariable;
    private final String keyVariable;
    private final String nodesVariable;

    AppEnv(String urlVariable, String keyVariable, String nodesVariable) {
        this.urlVariable = urlVariable;
        this.keyVariable = keyVariable;
        this.nodesVariable = nodesVariable;
    }

    /** The variable listing the fleet's nodes in this environment (JSON, or {@code @/path/to/file}). */
    public String nodesVariable() {
        return nodesVariable;
    }

    /** The variable holding the API's base URL in this environment. */
    public String urlVariable() {
        return urlVariable;
    }

    /** The variable holding the API key in this environment. */
    public String keyVariable() {
        return keyVariable;
    }

    /** Only prod may switch provisioning off (audit 6); stage and dev always provision. */
    public boolean honoursProvisioningSwitch() {
        return this == PROD;
    }
}
