package com.atlassecure.testkit.telegram;

import static com.atlassecure.testkit.telegram.FakeBotApi.MAPPER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's Stars balance as {@code getStarTransactions} shows it: one incoming transaction per charge and one
 * outgoing per refund, in the order they happened. Thread-safe.
 */
final class StarLedger {
    private final List<ObjectNode> transactions = new ArrayList<>();
    private final Set<String> refunded = ConcurrentHashMap.newKeySet();

    /** Books a charge; booking the same charge twice keeps one transaction. */
    synchronized void charge(long userId, String payload, int totalAmount, String chargeId) {
        for (ObjectNode tx : transactions) {
            if (tx.path("id").asText().equals(chargeId) && tx.has("source")) {
                return;
            }
        }
        ObjectNode tx = MAPPER.createObjectNode();
        tx.put("id", chargeId);
        tx.put("amount", totalAmount);
        tx.put("date", Instant.now().getEpochSecond());
        ObjectNode source = tx.putObject("source");
        source.put("type", "user");
        source.put("transaction_type", "invoice_payment");
        source.set("user", TelegramUpdates.user(userId, null));
        source.put("invoice_payload", payload);
        transactions.add(tx);
    }

    /**
     * Refunds a charge once: false for a second refund (or none named), which Telegram answers with 400
     * CHARGE_ALREADY_REFUNDED.
     */
    synchronized boolean refund(String chargeId) {
        if (chargeId == null || !refunded.add(chargeId)) {
            return false;
        }
        for (ObjectNode tx : List.copyOf(transactions)) {
            if (tx.path("id").asText().equals(chargeId) && tx.has("source")) {
                ObjectNode back = MAPPER.createObjectNode();
                back.put("id", chargeId);
                back.put("amount", tx.path("amount").asInt());
                back.put("date", Instant.now().getEpochSecond());
                ObjectNode receiver = back.putObject("receiver");
                receiver.put("type", "user");
                receiver.put("transaction_type", "invoice_payment");
                receiver.set("user", tx.path("source").path("user").deepCopy());
                receiver.put(
                        "invoice_payload",
                        tx.path("source").path("invoice_payload").asText());
                transactions.add(back);
            }
        }
        return true;
    }

    /** A StarTransactions object: at most {@code limit} transactions from {@code offset}, oldest first. */
    synchronized ObjectNode page(int offset, int limit) {
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode list = result.putArray("transactions");
        for (int i = offset; i < transactions.size() && list.size() < limit; i++) {
            list.add(transactions.get(i).deepCopy());
        }
        return result;
    }

    Set<String> refunded() {
        return Set.copyOf(refunded);
    }
}
