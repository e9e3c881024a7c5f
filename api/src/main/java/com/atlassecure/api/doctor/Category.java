package com.atlassecure.api.doctor;

/** The audit's score categories (section 12) with its own weights; they add up to 100. */
public enum Category {
    BOT_ARCHITECTURE("Bot architecture", 25),
    LINK_GENERATION("API link generation", 20),
    XRAY_CLIENT_CONFIG("API Xray client config", 15),
    CONFIG_ENV_HYGIENE("Config/env hygiene", 15),
    SECURITY("Security", 15),
    VALIDATION("Documentation/config validation", 10);

    private final String title;
    private final int weight;

    Category(String title, int weight) {
        this.title = title;
        this.weight = weight;
    }

    public String title() {
        return title;
    }

    public int weight() {
        return weight;
    }
}
