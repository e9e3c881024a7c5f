package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.users.UserPageEntry;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.contract.validation.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a node's answers to the sync routes before the bot acts on them (design principle 6): a digest that is a
 * count and 64 hex digits, a page in strictly ascending uuid order after the one asked for, and a batch with one
 * result per item whose keys pass the same checks as add-user's. A repair acting on a garbled page could remove paying
 * customers, so anything odd is refused whole. Stateless and thread-safe.
 */
final class SyncAnswers {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private SyncAnswers() {}

    static UserDigest digest(JsonNode body) {
        JsonNode count = body.get("count");
        JsonNode hash = body.get("sha256");
        if (count == null || !count.canConvertToLong() || count.asLong() < 0) {
            throw new InvalidResponseError("users/digest: count is missing or not a non-negative number");
        }
        if (hash == null || !hash.isTextual() || !SHA256.matcher(hash.asText()).matches()) {
            throw new InvalidResponseError("users/digest: sha256 is missing or not 64 lowercase hex digits");
        }
        return new UserDigest(count.asLong(), hash.asText());
    }

    static UserPage page(JsonNode body, String after, int limit) {
        JsonNode users = body.get("users");
        if (users == null || !users.isArray() || users.size() > limit) {
            throw new InvalidResponseError("users: 'users' is missing, not a list, or longer than limit=" + limit);
        }
        List<UserPageEntry> entries = new ArrayList<>(users.size());
        String previous = after == null ? null : after.toLowerCase(Locale.ROOT);
        for (JsonNode u : users) {
            String uuid = validUuid("users", u.path("uuid").asText(null));
            String key = uuid.toLowerCase(Locale.ROOT);
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new InvalidResponseError(
                        "users: uuid " + Uuids.shortForm(uuid) + " is out of order after " + Uuids.shortForm(previous));
            }
            previous = key;
            JsonNode expiry = u.get("expiry_timestamp_ms");
            if (expiry == null || !expiry.canConvertToLong()) {
                throw new InvalidResponseError(
                        "users: expiry_timestamp_ms of " + Uuids.shortForm(uuid) + " is missing");
            }
            entries.add(new UserPageEntry(
                    uuid, expiry.asLong(), state(uuid, u.path("state").asText(""))));
        }
        JsonNode nextNode = body.get("next_after");
        String next = nextNode == null || nextNode.isNull() ? null : nextNode.asText();
        boolean full = entries.size() == limit;
        if (full != (next != null)
                || (next != null
                        && !next.equalsIgnoreCase(
                                entries.get(entries.size() - 1).uuid()))) {
            throw new InvalidResponseError("users: next_after does not name the last uuid of a full page");
        }
        return new UserPage(entries, next);
    }

    static List<BatchOutcome> batch(List<UserBatchItem> items, JsonNode body) {
        JsonNode results = body.get("results");
        if (results == null || !results.isArray() || results.size() != items.size()) {
            throw new InvalidResponseError("users/batch: expected " + items.size() + " results, got "
                    + (results == null || !results.isArray() ? "none" : results.size()));
        }
        List<BatchOutcome> outcomes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            outcomes.add(outcome(items.get(i), results.get(i), i));
        }
        return outcomes;
    }

    private static BatchOutcome outcome(UserBatchItem item, JsonNode result, int index) {
        String sent = Uuids.requireValid(item.uuid());
        String where = "users/batch[" + index + "]";
        JsonNode status = result.get("status");
        if (status == null || !status.canConvertToInt()) {
            throw new InvalidResponseError(where + ": status is missing");
        }
        if (status.asInt() != 200) {
            JsonNode error = result.path("error");
            return new BatchOutcome.Failed(
                    status.asInt(),
                    ErrorCode.fromCode(error.path("code").asText("")),
                    error.path("message").asText("(no message)"));
        }
        if (UserBatchItem.REMOVE.equals(item.op())) {
            JsonNode removed = result.get("removed");
            String answered = result.path("uuid").asText("");
            if (removed == null || !removed.isBoolean() || !answered.strip().equals(sent)) {
                throw new InvalidResponseError(where + ": a remove answered without 'removed' or for another uuid");
            }
            return new BatchOutcome.Removed(sent, removed.asBoolean());
        }
        ProvisionedKey key = ResponseValidator.validate(where, sent, result);
        return new BatchOutcome.Key(key, result.path("recovered").asBoolean(false));
    }

    private static String validUuid(String endpoint, String raw) {
        try {
            return Uuids.requireValid(raw);
        } catch (ContractViolation e) {
            throw new InvalidResponseError(endpoint + ": a uuid is not valid (" + e.getMessage() + ")");
        }
    }

    private static UserState state(String uuid, String raw) {
        try {
            return UserState.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidResponseError("users: state of " + Uuids.shortForm(uuid) + " is not a known state");
        }
    }
}
