package com.atlassecure.e2e.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer journeys of issue 4 against the real API over a real xray: trial, purchase (with Telegram reporting
 * the payment twice), and a purchase while the API is down. Telegram is the fake Bot API; nothing else is faked.
 */
@RequiresXray
class BotJourneysXrayIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    final Messages messages = Messages.load();
    RealSystem system;
    FakeBotApi telegram;

    @BeforeEach
    void start(XrayBinary binary) {
        system = new RealSystem(binary);
        telegram = system.telegram;
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void trialDeliversExactlyTheLinkTheApiReturnedAndItsQrCode() throws Exception {
        long user = 1001;
        telegram.sendText(user, "en", "/start");
        telegram.awaitCall("sendMessage", c -> c.chatId() == user, WAIT);
        telegram.pressButton(user, "en", 1, Menus.TRIAL);

        RecordedCall key = awaitKey(user);
        Subscription sub = stored(user);
        assertThat(sub.uuid()).isEqualTo(sub.requestedUuid());
        assertThat(key.text()).contains(sub.vlessLink());
        assertThat(monospace(key)).isEqualTo(sub.vlessLink());
        // The API's own answer for this uuid (add-user is idempotent) is the same link, byte for byte.
        var again = system.api()
                .users()
                .addUser(new AddUserRequest(
                        user, sub.uuid(), sub.provisionedExpiresAt().toEpochMilli()));
        assertThat(again.vlessLink()).isEqualTo(sub.vlessLink());
        assertThat(system.api().users().user(sub.uuid()).state()).isEqualTo(UserState.active);
        assertThat(sub.vlessLink()).startsWith("v" + "less://" + sub.uuid() + "@");

        RecordedCall photo = telegram.awaitCall("sendPhoto", c -> c.chatId() == user, WAIT);
        assertThat(decodeQr(photo.files().get("photo"))).isEqualTo(sub.vlessLink());
        assertThat(sub.expiresAt())
                .isBetween(
                        Instant.now().plus(Duration.ofDays(3)).minusSeconds(120),
                        Instant.now().plus(Duration.ofDays(3)));
    }

    @Test
    void purchaseReportedTwiceIsCountedOnceAndDeliversTheKey() {
        long user = 1002;
        String order = openInvoiceForThreeMonths(user);
        RecordedCall invoice = telegram.calls("sendInvoice").get(0);
        assertThat(invoice.param("currency")).isEqualTo("XTR");
        assertThat(invoice.param("provider_token")).isNullOrEmpty();

        String query = telegram.preCheckout(user, order, 270, "XTR");
        RecordedCall answer =
                telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
        assertThat(answer.param("ok")).isEqualTo("true");

        telegram.successfulPayment(user, order, 270, "charge-e2e-1");
        telegram.successfulPayment(user, order, 270, "charge-e2e-1");
        RecordedCall key = awaitKey(user);
        Subscription sub = stored(user);
        assertThat(monospace(key)).isEqualTo(sub.vlessLink());
        assertThat(system.bot().database().<Long>withHandle(h -> new PaymentRepository().countForUser(h, user)))
                .isEqualTo(1L);
        assertThat(sub.expiresAt())
                .isBetween(
                        Instant.now().plus(Duration.ofDays(90)).minusSeconds(120),
                        Instant.now().plus(Duration.ofDays(90)));
        telegram.awaitCall("sendPhoto", c -> c.chatId() == user, WAIT);
        assertThat(telegram.calls("sendMessage"))
                .as("one payment, one job, one key")
                .filteredOn(c -> c.chatId() == user && c.json("entities") != null)
                .hasSize(1);
    }

    @Test
    void paymentWhileTheApiIsDownIsKeptTheCustomerIsToldAndTheKeyArrivesWhenItIsBack() {
        long user = 1003;
        String order = openInvoiceForThreeMonths(user);
        system.stopApi();
        telegram.successfulPayment(user, order, 270, "charge-e2e-down");
        telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == user
                        && messages.get(Language.EN, "payment.pending").equals(c.text()),
                WAIT);
        assertThat(stored(user).hasKey()).isFalse();

        system.startApi();
        RecordedCall key = awaitKey(user);
        Subscription sub = stored(user);
        assertThat(monospace(key)).isEqualTo(sub.vlessLink());
        assertThat(system.bot().database().<Long>withHandle(h -> new PaymentRepository().countForUser(h, user)))
                .isEqualTo(1L);
    }

    private String openInvoiceForThreeMonths(long user) {
        telegram.sendText(user, "en", "/start");
        telegram.awaitCall("sendMessage", c -> c.chatId() == user, WAIT);
        telegram.pressButton(user, "en", 1, Menus.PLAN_PREFIX + "m3");
        return telegram.awaitCall("sendInvoice", c -> c.chatId() == user, WAIT).param("payload");
    }

    private RecordedCall awaitKey(long user) {
        return telegram.awaitCall("sendMessage", c -> c.chatId() == user && c.json("entities") != null, WAIT);
    }

    private Subscription stored(long user) {
        return system.bot()
                .database()
                .withHandle(h -> new SubscriptionRepository().find(h, user))
                .orElseThrow();
    }

    private static String monospace(RecordedCall call) {
        var entity = call.json("entities").get(0);
        assertThat(entity.get("type").asText()).isEqualTo("pre");
        int offset = entity.get("offset").asInt();
        return call.text().substring(offset, offset + entity.get("length").asInt());
    }

    private static String decodeQr(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.TRY_HARDER, true))
                .getText();
    }
}
