package com.atlassecure.bot.config;

import com.atlassecure.contract.validation.DeviceLimits;

/**
 * A plan for sale: {@code months} of access for {@code stars} Telegram Stars; a month counts as 30 days. {@code
 * devices} is how many devices may use the key at once (null: the nodes' DEVICE_LIMIT_DEFAULT). A {@code recurring}
 * plan is a Telegram Stars subscription: one month, renewed by Telegram every 30 days until cancelled.
 */
public record Plan(int months, int stars, Integer devices, boolean recurring) {
    public static final int DAYS_PER_MONTH = 30;
    /** The id of the one recurring plan, in callback data and orders. */
    public static final String RECURRING_ID = "sub";
    /** Telegram's only subscription period, 30 days, and the most a subscription may cost per period. */
    public static final int SUBSCRIPTION_PERIOD_SECONDS = 2_592_000;

    public static final int MAX_SUBSCRIPTION_STARS = 10_000;

    public Plan(int months, int stars) {
        this(months, stars, null, false);
    }

    public Plan(int months, int stars, Integer devices) {
        this(months, stars, devices, false);
    }

    public Plan {
        if (recurring && (months != 1 || stars > MAX_SUBSCRIPTION_STARS)) {
            throw new ConfigException("PLANS: the monthly subscription must be one month of at most "
                    + MAX_SUBSCRIPTION_STARS + " Stars, got " + months + " months for " + stars);
        }
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
        return recurring ? RECURRING_ID : "m" + months;
    }

    public int days() {
        return months * DAYS_PER_MONTH;
    }
}
