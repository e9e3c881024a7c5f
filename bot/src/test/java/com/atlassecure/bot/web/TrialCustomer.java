package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A customer who starts the bot, takes the trial, opens "My key" and reads their subscription URL's token. */
final class TrialCustomer {
    private TrialCustomer() {}

    /** The token from the first message matching {@code url} (its group 1) after "My key". */
    static String token(FakeBotApi telegram, long customer, Pattern url, Duration wait) {
        telegram.sendText(customer, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == customer, wait)
                .sequence();
        telegram.pressButton(customer, "en", menu, Menus.TRIAL);
        telegram.awaitCall("sendPhoto", c -> c.chatId() == customer, wait);
        telegram.sendText(customer, "en", "/key");
        RecordedCall message = telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == customer && url.matcher(c.text()).find(),
                wait);
        Matcher m = url.matcher(message.text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
