package com.atlassecure.bot.conversations;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.Keyboard.Button;
import java.util.List;

/** The inline keyboards and their callback data; the data strings are the bot's internal protocol. */
public final class Menus {
    public static final String HOME = "menu:home";
    public static final String TRIAL = "menu:trial";
    public static final String BUY = "menu:buy";
    public static final String KEY = "menu:key";
    public static final String HELP = "menu:help";
    public static final String DEVICES = "menu:devices";
    public static final String SUBSCRIPTION = "menu:subscription";
    public static final String SUBSCRIPTION_CANCEL = "sub:cancel";
    public static final String SUBSCRIPTION_RESUME = "sub:resume";
    public static final String DEVICES_RESET = "devices:reset";
    public static final String PLAN_PREFIX = "buy:";

    private final Messages messages;
    private final List<Plan> plans;
    private final int trialDays;

    public Menus(Messages messages, List<Plan> plans, int trialDays) {
        this.messages = messages;
        this.plans = List.copyOf(plans);
        this.trialDays = trialDays;
    }

    /** The plan a {@link #PLAN_PREFIX} button names, or null for an id we never offered. */
    public Plan plan(String id) {
        return plans.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    public Keyboard main(Language lang, boolean offerTrial) {
        return main(lang, offerTrial, false);
    }

    /** The menu; {@code subscribed} adds "My subscription" for a customer with a monthly Stars subscription. */
    public Keyboard main(Language lang, boolean offerTrial, boolean subscribed) {
        Keyboard.Builder kb = Keyboard.builder();
        if (offerTrial && trialDays > 0) {
            kb.row(new Button(messages.get(lang, "button.trial", "days", trialDays), TRIAL));
        }
        if (subscribed) {
            kb.row(new Button(messages.get(lang, "button.subscription"), SUBSCRIPTION));
        }
        return kb.row(new Button(messages.get(lang, "button.buy"), BUY))
                .row(
                        new Button(messages.get(lang, "button.key"), KEY),
                        new Button(messages.get(lang, "button.devices"), DEVICES))
                .row(new Button(messages.get(lang, "button.help"), HELP))
                .build();
    }

    public Keyboard plans(Language lang) {
        Keyboard.Builder kb = Keyboard.builder();
        for (Plan plan : plans) {
            String label = plan.recurring()
                    ? messages.get(lang, "button.plan_monthly", "stars", plan.stars())
                    : messages.get(lang, "button.plan", "months", plan.months(), "stars", plan.stars());
            kb.row(new Button(label, PLAN_PREFIX + plan.id()));
        }
        return kb.row(back(lang)).build();
    }

    public Keyboard backOnly(Language lang) {
        return Keyboard.builder().row(back(lang)).build();
    }

    /** Under a delivered key or a reminder: renew, or go back to the menu. */
    public Keyboard renew(Language lang) {
        return Keyboard.builder()
                .row(new Button(messages.get(lang, "button.renew"), BUY), back(lang))
                .build();
    }

    /** Under "My subscription": cancel while it renews, resume while cancelled with time left; back. */
    public Keyboard subscription(Language lang, boolean renews, boolean resumable) {
        Keyboard.Builder kb = Keyboard.builder();
        if (renews) {
            kb.row(new Button(messages.get(lang, "button.subscription_cancel"), SUBSCRIPTION_CANCEL));
        } else if (resumable) {
            kb.row(new Button(messages.get(lang, "button.subscription_resume"), SUBSCRIPTION_RESUME));
        }
        return kb.row(back(lang)).build();
    }

    private Button back(Language lang) {
        return new Button(messages.get(lang, "button.back"), HOME);
    }
}
