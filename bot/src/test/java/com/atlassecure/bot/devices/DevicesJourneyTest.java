package com.atlassecure.bot.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plan's device limit reaches the node with the key, and the customer sees and resets their devices through the
 * menu, over the fake Bot API and an API stand-in that answers as a node enforcing the limit would (the real node is
 * in {@code DeviceLimitXrayIT} and the e2e module).
 */
class DevicesJourneyTest extends BotJourney {
    static final long CUSTOMER = 4004;

    @Override
    protected void prepare(Map<String, String> env) {
        api.script(EchoApi.script());
        env.put("PLANS", "1:100:2,3:270");
    }

    @Test
    void aPlansDeviceLimitTravelsWithTheKeyAndTheCustomerSeesAndResetsTheirDevices() {
        telegram.sendText(CUSTOMER, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT)
                .sequence();
        telegram.pressButton(CUSTOMER, "en", menu, Menus.BUY);
        telegram.awaitCall("editMessageText", c -> c.chatId() == CUSTOMER, WAIT);
        telegram.pressButton(CUSTOMER, "en", menu, Menus.PLAN_PREFIX + "m1");
        String order = telegram.awaitCall("sendInvoice", c -> c.chatId() == CUSTOMER, WAIT)
                .param("payload");
        telegram.preCheckout(CUSTOMER, order, 100, "XTR");
        telegram.successfulPayment(CUSTOMER, order, 100, "charge-devices");
        telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(api.requests())
                .filteredOn(r -> r.path().equals("/add-user"))
                .singleElement()
                .satisfies(r -> assertThat(r.body()).contains("\"device_limit\":2"));

        telegram.pressButton(CUSTOMER, "en", menu, Menus.DEVICES);
        RecordedCall shown = telegram.awaitCall(
                "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("📱 Devices"), WAIT);
        assertThat(shown.text())
                .contains("Devices using your key now: 1, up to 2 at once")
                .contains("Kept out for going over the limit: 1");
        assertThat(shown.param("reply_markup")).contains(Menus.DEVICES_RESET);

        telegram.pressButton(CUSTOMER, "en", menu, Menus.DEVICES_RESET);
        RecordedCall reset = telegram.awaitCall(
                "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("✅ Devices reset"), WAIT);
        assertThat(reset.text())
                .contains("1 blocked device may connect again")
                .contains("Kept out for going over the limit: 0");
        assertThat(api.requests())
                .filteredOn(r -> r.path().equals("/users/devices/reset"))
                .hasSize(1);

        telegram.sendText(BotHarness.ADMIN, "en", "/user " + CUSTOMER);
        RecordedCall user = telegram.awaitCall(
                "sendMessage", c -> c.chatId() == BotHarness.ADMIN && c.text().startsWith("User " + CUSTOMER), WAIT);
        assertThat(user.text()).contains("Devices: 1 online, 0 blocked, limit 2");
    }

    @Test
    void aNodeThatDoesNotAnswerIsNamedAndTheOthersStillCount() {
        telegram.sendText(CUSTOMER, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT)
                .sequence();
        telegram.pressButton(CUSTOMER, "en", menu, Menus.TRIAL);
        telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);
        api.script(request -> request.path().startsWith("/users/devices")
                ? FaultServer.Reply.status(503, "{\"error\":{\"code\":\"xray_unavailable\",\"message\":\"down\"}}")
                : EchoApi.script().apply(request));

        telegram.sendText(CUSTOMER, "en", "/devices");

        RecordedCall shown = telegram.awaitCall(
                "sendMessage", c -> c.chatId() == CUSTOMER && c.text().startsWith("📱 Devices"), WAIT);
        assertThat(shown.text()).contains("1 of 1 servers did not answer");
    }
}
