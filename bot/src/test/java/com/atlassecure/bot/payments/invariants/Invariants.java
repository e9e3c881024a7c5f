package com.atlassecure.bot.payments.invariants;

import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.support.ScriptedXrayApi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The four promises of issue 19, checked after a schedule has been played and the nodes have healed. */
final class Invariants {
    private Invariants() {}

    static List<String> check(PaymentWorld world, Model model) {
        List<String> violations = new java.util.ArrayList<>(model.violations);
        long user = model.user;
        // 1. Each charge at most once, and every accepted payment exactly once.
        List<String> charges = world.db.withHandle(
                h -> h.createQuery("SELECT telegram_payment_charge_id FROM payments WHERE user_id = :user")
                        .bind("user", user)
                        .mapTo(String.class)
                        .list());
        Set<String> recorded = Set.copyOf(charges);
        if (charges.size() != recorded.size() || !recorded.equals(Set.copyOf(model.accepted))) {
            violations.add("payments rows " + charges + " but accepted " + model.accepted);
        }
        // 2. Access end = trial + paid - refunded, to the millisecond.
        Optional<Subscription> access = world.access(user);
        Instant end = access.map(Subscription::expiresAt).orElse(null);
        if (model.end == null ? end != null : !model.end.equals(end)) {
            violations.add("access ends " + end + ", expected " + model.end);
        } else if (model.end != null && !model.clamped && !model.closedForm().equals(end)) {
            violations.add("access ends " + end + " but trial + paid - refunded is " + model.closedForm());
        }
        // 3. The bot's view of the subscription is Telegram's: no renewal it does not expect, none it forgot.
        Instant now = world.now();
        if (model.telegramEnds != null && model.telegramEnds.isAfter(now)) {
            boolean botRenews = world.payments
                    .autoRenew()
                    .find(user)
                    .map(s -> s.renewsAt(now))
                    .orElse(false);
            if (botRenews != model.telegramRenews) {
                violations.add("the bot says renews=" + botRenews + ", Telegram " + model.telegramRenews);
            }
        }
        // 4. With access: a key with the exact end on every node; without: no key that still works.
        if (access.isPresent()) {
            String uuid = access.get().fleetUuid();
            boolean hasAccess = end.isAfter(now);
            for (Map.Entry<String, ScriptedXrayApi> node : world.nodes.entrySet()) {
                Optional<Long> held = node.getValue().expiryOf(uuid);
                if (hasAccess && !held.equals(Optional.of(end.toEpochMilli()))) {
                    violations.add(
                            "node " + node.getKey() + " holds " + held + " for a customer with access to " + end);
                }
                if (!hasAccess && held.filter(ms -> ms > now.toEpochMilli()).isPresent()) {
                    violations.add("node " + node.getKey() + " still grants " + held.get() + " to a customer whose"
                            + " access ended " + end);
                }
            }
        }
        if (world.pending() > 0) {
            violations.add(world.pending() + " jobs still waiting after the nodes healed");
        }
        return violations.stream().distinct().collect(Collectors.toList());
    }
}
