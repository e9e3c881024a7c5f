package com.atlassecure.bot.payments.invariants;

import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.payments.Refunds;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.bot.trial.TrialService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Plays one schedule against the world for one customer, keeping the model beside it. */
final class ScheduleRunner {
    private final PaymentWorld world;
    private final Model model;
    private int telegramSeen;

    ScheduleRunner(PaymentWorld world, long user) {
        this.world = world;
        this.model = new Model(user);
        this.telegramSeen = world.telegram.sent().size();
    }

    Model play(List<Step> steps) {
        for (Step step : steps) {
            apply(step);
            followTelegram();
        }
        // Telegram delivers every update in the end: what it still held arrives now, after everything else.
        apply(new Step.Release());
        followTelegram();
        return model;
    }

    private void apply(Step step) {
        long user = model.user;
        if (step instanceof Step.Trial) {
            if (world.trials.start(user) == TrialService.Outcome.STARTED) {
                model.grant(world.now(), PaymentWorld.TRIAL_DAYS, true);
            }
        } else if (step instanceof Step.Subscribe sub) {
            subscribe(sub.held());
        } else if (step instanceof Step.Renew renew) {
            renew(renew.held());
        } else if (step instanceof Step.Release) {
            List<Model.Delivered> held = List.copyOf(model.held);
            model.held.clear();
            held.forEach(payment -> deliver(payment, false));
        } else if (step instanceof Step.BuyMonth) {
            String order = world.purchases().sendInvoice(user, world.lang(), PaymentWorld.MONTH);
            preCheckout(order, PaymentWorld.MONTH.stars(), true);
            deliver(new Model.Delivered(model.nextCharge(), order, PaymentWorld.MONTH.stars(), null, null), false);
        } else if (step instanceof Step.Replay r) {
            if (!model.delivered.isEmpty()) {
                deliver(model.delivered.get(r.index() % model.delivered.size()), true);
            }
        } else if (step instanceof Step.BadPreCheckout b) {
            badPreCheckout(b.kind());
        } else if (step instanceof Step.Cancel) {
            world.payments.autoRenew().cancel(user);
        } else if (step instanceof Step.Resume) {
            world.payments.autoRenew().resume(user);
        } else if (step instanceof Step.Refund r) {
            refund(r.index());
        } else if (step instanceof Step.NodeFault f) {
            ScriptedXrayApi node = List.copyOf(world.nodes.values()).get(f.node());
            node.fault = f.fault();
            node.down = f.down();
        } else if (step instanceof Step.Work) {
            world.worker.runOnce();
        } else if (step instanceof Step.Advance a) {
            world.clock.advance(Duration.ofMinutes(a.minutes()));
        }
        if (model.telegramRenews && !model.telegramEnds.isAfter(world.now())) {
            // The period ended without a renewal in this schedule: Telegram's charge failed, the subscription ended.
            model.telegramRenews = false;
        }
    }

    private void subscribe(boolean held) {
        if (model.telegramRenews || (model.telegramEnds != null && model.telegramEnds.isAfter(world.now()))) {
            return; // Telegram lets a user hold one subscription to this bot at a time
        }
        String order = world.purchases().sendSubscriptionLink(model.user, world.lang(), PaymentWorld.MONTHLY);
        preCheckout(order, PaymentWorld.MONTHLY.stars(), true);
        Instant ends = world.now().plus(Duration.ofDays(30));
        String charge = model.nextCharge();
        model.subscriptionOrder = order;
        model.firstCharge = charge;
        model.telegramRenews = true;
        model.telegramEnds = ends;
        send(new Model.Delivered(charge, order, PaymentWorld.MONTHLY.stars(), ends, true), held);
    }

    private void send(Model.Delivered payment, boolean held) {
        if (held) {
            model.held.add(payment);
        } else {
            deliver(payment, false);
        }
    }

    private void renew(boolean held) {
        if (!model.telegramRenews) {
            return;
        }
        // Telegram charges when the period ends; the renewal arrives a moment before that.
        Instant due = model.telegramEnds.minusSeconds(60);
        if (due.isAfter(world.now())) {
            world.clock.advance(Duration.between(world.now(), due));
        }
        model.telegramEnds = model.telegramEnds.plus(Duration.ofDays(30));
        send(
                new Model.Delivered(
                        model.nextCharge(),
                        model.subscriptionOrder,
                        PaymentWorld.MONTHLY.stars(),
                        model.telegramEnds,
                        false),
                held);
    }

    private void deliver(Model.Delivered payment, boolean again) {
        PaymentService.Outcome outcome = world.purchases()
                .recordPayment(
                        model.user,
                        payment.payload(),
                        payment.amount(),
                        "XTR",
                        payment.chargeId(),
                        "",
                        payment.first() == null
                                ? null
                                : new PaymentService.Recurring(payment.first(), payment.subscriptionEnds()));
        if (!again) {
            model.delivered.add(payment);
        }
        boolean first = !model.accepted.contains(payment.chargeId());
        if (outcome instanceof PaymentService.Outcome.Recorded) {
            if (!first) {
                model.violation("charge " + payment.chargeId() + " extended access a second time");
            }
            model.accepted.add(payment.chargeId());
            model.grant(world.now(), 30, false);
        } else if (outcome instanceof PaymentService.Outcome.Duplicate) {
            if (first) {
                model.violation("charge " + payment.chargeId() + " was taken for a duplicate the first time");
            }
        } else if (outcome instanceof PaymentService.Outcome.Flagged f) {
            model.violation("a valid charge " + payment.chargeId() + " was flagged: " + f.problem());
        }
    }

    private void preCheckout(String order, int stars, boolean expectOk) {
        world.purchases().answerPreCheckout("q", model.user, world.lang(), order, stars, "XTR");
        boolean ok = "ok".equals(world.lastPreCheckoutAnswer());
        if (ok != expectOk) {
            model.violation("pre-checkout of " + order + " answered " + world.lastPreCheckoutAnswer());
        }
    }

    private void badPreCheckout(int kind) {
        int before = model.accepted.size();
        if (kind == 0) {
            preCheckout(world.oldOrder(model.user, Duration.ofHours(25), 110), 110, false);
        } else if (kind == 1) {
            preCheckout(world.oldOrder(PaymentWorld.OTHER_USER, Duration.ZERO, 110), 110, false);
        } else {
            preCheckout(world.oldOrder(model.user, Duration.ZERO, 110), 1, false);
        }
        if (model.accepted.size() != before) {
            model.violation("a refused pre-checkout changed the payments");
        }
    }

    private void refund(int index) {
        if (model.accepted.isEmpty()) {
            return;
        }
        String charge = model.accepted.get(index % model.accepted.size());
        Refunds.Outcome outcome = world.refunds().refund(charge);
        if (outcome instanceof Refunds.Outcome.Refunded r) {
            if (!model.refunded.add(charge)) {
                model.violation("charge " + charge + " was refunded twice");
            }
            model.refund(world.now(), r.payment().days());
        } else if (outcome instanceof Refunds.Outcome.AlreadyRefunded) {
            if (!model.refunded.contains(charge)) {
                model.violation("charge " + charge + " called refunded though it never was");
            }
        } else {
            model.violation("refund of " + charge + " ended " + outcome);
        }
    }

    /** Telegram applies the bot's editUserStarSubscription calls to its side of the subscription. */
    private void followTelegram() {
        List<RecordingTelegram.Sent> sent = world.telegram.sent();
        for (RecordingTelegram.Sent s : sent.subList(telegramSeen, sent.size())) {
            if (s.method().equals("editUserStarSubscription") && s.chatId() == model.user) {
                boolean cancel = s.text().endsWith(":cancel");
                if (!s.text().startsWith(model.firstCharge + ":")) {
                    model.violation("editUserStarSubscription named " + s.text() + ", not the first charge");
                }
                boolean inPeriod = model.telegramEnds != null && model.telegramEnds.isAfter(world.now());
                model.telegramRenews = !cancel && inPeriod;
            }
        }
        telegramSeen = sent.size();
    }
}
