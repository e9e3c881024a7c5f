package com.atlassecure.bot;

import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.conversations.UpdateRouter;
import com.atlassecure.bot.telegram.TelegramConnection;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.telegram.UpdateDispatcher;
import com.atlassecure.bot.telegram.UpdatePoller;
import com.atlassecure.bot.telegram.WebhookServer;
import com.atlassecure.bot.web.SubscriptionWeb;
import java.time.Duration;

/**
 * Where updates come in: Telegram's webhook, whose listener also serves the subscription URLs, or our own long
 * polling, with the subscription URLs on a listener of their own.
 */
final class UpdateIntake implements AutoCloseable {
    private UpdatePoller poller;
    private WebhookServer webhook;

    static UpdateIntake start(
            BotConfig config,
            BotTimings timings,
            TelegramConnection connection,
            UpdateDispatcher dispatcher,
            SubscriptionWeb web,
            int pollSeconds) {
        UpdateIntake intake = new UpdateIntake();
        TelegramGateway telegram = connection.gateway();
        if (config.webhookMode()) {
            BotConfig.Webhook hook = config.webhook();
            intake.webhook = new WebhookServer(
                            hook.path(),
                            hook.secret(),
                            dispatcher::submit,
                            UpdateRouter::carriesMoney,
                            timings.moneyBudget().plusSeconds(10),
                            web::register)
                    .start(hook.listenHost(), hook.listenPort());
            telegram.setWebhook(hook.url().toString(), hook.secret());
            return intake;
        }
        web.startOwnListener();
        // Our own getUpdates loop, not the library's: its session confirms a batch before the handlers ran (H2).
        intake.poller = new UpdatePoller(
                        telegram,
                        dispatcher,
                        UpdateRouter::carriesMoney,
                        pollSeconds,
                        Duration.ofSeconds(1),
                        connection::cancelPolls)
                .start();
        return intake;
    }

    /** The webhook listener's port, or -1 in long-polling mode. */
    int webhookPort() {
        return webhook == null ? -1 : webhook.port();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }
}
