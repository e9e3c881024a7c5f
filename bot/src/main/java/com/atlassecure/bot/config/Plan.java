package com.atlassecure.bot.config;

import com.atlassecure.contract.validation.DeviceLimits;

/**
 * A plan for sale: {@code months} of access for {@code stars} Telegram Stars; a month counts as 30 days. {@code
 * devices} is how many devices may use the key at once (null: the nodes' DEVICE_LIMIT_DEFAULT).
 */
public record Plan(int months, int stars, Integer devices) {
    public static final int DAYS_PER_MONTH = 30;

    public Plan(int months, int stars) {
        this(months, stars, null);
    }

    public Plan {
        if (devices != null && (devices < 1 || devices > DeviceLimits.MAX)) {
            throw new ConfigException("PLANS: devices must be in [1, " + DeviceLimits.MAX + "], got " + devices
                    + " for " + months + " months");
        }
        if (months < 1 || months > 36) {
            throw new ConfigException("PLANS: months must be in [1, 36], got " + months);
        }
        if (stars < 1 || stars > 100_000) {
            throw new ConfigException("PLANS: price in Stars must be in [1, 100000], got " + stars);
        }
    }

    /** The stable id used in callback data and orders, e.g. {@code m3}. */
    public String id() {
        return "m" + months;
    }

    public int days() {
        return months * DAYS_PER_MONTH;
    }
}
