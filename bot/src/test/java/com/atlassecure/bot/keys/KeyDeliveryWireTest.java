package com.atlassecure.bot.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.telegram.BotApiGateway;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The key as it travels on the Bot API wire: the stored link verbatim inside a {@code pre} entity, and a QR PNG
 * uploaded as multipart. Whatever the API returned is what the customer copies.
 */
class KeyDeliveryWireTest {
    @Test
    void keyIsSentVerbatimInAMonospaceEntityFollowedByItsQrPhoto() {
        MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
        String link = "v" + "less://0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e@vpn.example.test:4443?security=reality"
                + "&sni=www.microsoft.com&flow=xtls-rprx-vision#Atlas%20Secure";
        Subscription sub = new Subscription(
                42,
                "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e",
                "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e",
                clock.instant().plus(Duration.ofDays(30)),
                java.util.List.of(new NodeKey(
                        "main",
                        "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e",
                        link,
                        clock.instant().plus(Duration.ofDays(30)))));
        try (FakeBotApi telegram = FakeBotApi.start()) {
            var gateway = new BotApiGateway(new OkHttpTelegramClient(
                    "123456789:AAHarnessTokenNeverReal_0123456789",
                    new TelegramUrl("http", "127.0.0.1", telegram.port(), false)));
            new KeyDelivery(gateway, Messages.load(), clock).deliver(42, Language.RU, sub, Keyboard.NONE);

            RecordedCall message = telegram.calls("sendMessage").get(0);
            var entity = message.json("entities").get(0);
            assertThat(entity.get("type").asText()).isEqualTo("pre");
            int offset = entity.get("offset").asInt();
            assertThat(message.text()
                            .substring(offset, offset + entity.get("length").asInt()))
                    .isEqualTo(link);
            assertThat(message.text()).contains("30 дней").contains("Happ");
            assertThat(message.param("parse_mode"))
                    .as("plain text: nothing in the link is reinterpreted")
                    .isNull();

            RecordedCall photo = telegram.calls("sendPhoto").get(0);
            assertThat(photo.chatId()).isEqualTo(42);
            assertThat(photo.files()).containsKey("photo");
            assertThat(photo.files().get("photo")).startsWith(0x89, 'P', 'N', 'G');
        }
    }
}
