package com.atlassecure.bot.conversations;

import com.atlassecure.bot.devices.DeviceService;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.Keyboard.Button;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.util.Optional;

/**
 * "My devices": how many devices use the customer's key now and how many are kept out for being over the plan's
 * limit, and "Reset devices", which lets a replaced phone in at once. Edits the menu message in place.
 */
final class DevicesScreen {
    private final DeviceService devices;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Menus menus;

    DevicesScreen(DeviceService devices, TelegramGateway telegram, Messages messages, Menus menus) {
        this.devices = devices;
        this.telegram = telegram;
        this.messages = messages;
        this.menus = menus;
    }

    void show(long userId, Language lang, int messageId) {
        Optional<DeviceService.Summary> summary = devices.read(userId);
        if (summary.isEmpty()) {
            answer(userId, messageId, messages.get(lang, "key.none"), menus.backOnly(lang));
            return;
        }
        answer(userId, messageId, status(lang, summary.get()), keyboard(lang));
    }

    void reset(long userId, Language lang, int messageId) {
        Optional<DeviceService.Summary> summary = devices.reset(userId);
        if (summary.isEmpty()) {
            answer(userId, messageId, messages.get(lang, "key.none"), menus.backOnly(lang));
            return;
        }
        DeviceService.Summary s = summary.get();
        String text = messages.get(lang, "devices.reset_done", "lifted", s.lifted()) + "\n\n" + status(lang, s);
        answer(userId, messageId, text, keyboard(lang));
    }

    private String status(Language lang, DeviceService.Summary s) {
        String text =
                messages.get(lang, "devices.status", "online", s.online(), "limit", s.limit(), "blocked", s.blocked());
        if (!s.unanswered().isEmpty()) {
            text += "\n\n"
                    + messages.get(
                            lang,
                            "devices.partial",
                            "failed",
                            s.unanswered().size(),
                            "total",
                            s.nodes().size());
        }
        return text;
    }

    private Keyboard keyboard(Language lang) {
        return Keyboard.builder()
                .row(new Button(messages.get(lang, "button.devices_reset"), Menus.DEVICES_RESET))
                .row(new Button(messages.get(lang, "button.back"), Menus.HOME))
                .build();
    }

    private void answer(long userId, int messageId, String text, Keyboard keyboard) {
        if (messageId > 0) {
            telegram.editText(userId, messageId, text, keyboard);
        } else {
            telegram.sendText(userId, text, keyboard);
        }
    }
}
