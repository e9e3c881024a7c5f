package com.atlassecure.api.users;

import com.atlassecure.api.store.RowWrite;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xrayconfig.Flows;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.validation.TelegramIds;
import com.atlassecure.contract.validation.Uuids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The decisions behind add, update, remove and expire, as pure functions of committed state (they run under the
 * ledger's turn and may run again in a later batch). Inputs are already validated.
 *
 * <p>Rules decided here (documented in docs/decisions/0003): a uuid belongs to one telegram_id for ever (409
 * uuid_conflict otherwise); one telegram_id has at most one active client, because Xray keys users by email and the
 * email is {@code user_<telegram_id>} (409 uuid_conflict when another active uuid holds it); an inactive row holding
 * the email is re-keyed to a retired email to free it, never deleted, so its uuid stays bound to its telegram_id
 * (decision 0016).
 */
final class UserCommands {
    private UserCommands() {}

    static XrayUser liveUser(UserRecord r) {
        return new XrayUser(r.uuid(), r.email(), Flows.VISION_FLOW, 0);
    }

    /** The email of a client recovered without a telegram_id: distinct for every uuid, see {@link #uuidTag}. */
    static String recoveredEmail(String uuid) {
        return "user_recovered_" + uuidTag(uuid);
    }

    /** The email an inactive row moves to when another uuid needs its email; distinct for every uuid. */
    static String retiredEmail(String uuid) {
        return "user_retired_" + uuidTag(uuid);
    }

    /**
     * {@code <first 8 hex>_<24 hex of sha256(uuid)>}: distinct for distinct uuids (the short form alone collided),
     * yet not the uuid itself. An email is logged, and is in Xray's access log, while a whole uuid is a credential
     * that logs must never carry; the short form lets an operator match it with the logs' {@code uuid=} field.
     */
    static String uuidTag(String uuid) {
        String lower = uuid.toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(lower.getBytes(StandardCharsets.US_ASCII));
            return Uuids.shortForm(lower) + "_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * add-user: create, re-activate, extend an active user to a later expiry, or (same uuid and telegram_id, same or
     * earlier expiry) answer the stored user again.
     */
    static <R> Plan<R> add(
            BatchView view,
            String uuid,
            long telegramId,
            long expiryMs,
            long nowMs,
            long maxActive,
            Function<UserRecord, R> answer) {
        Optional<UserRecord> existing = view.byUuid(uuid);
        if (existing.isPresent()) {
            UserRecord r = existing.get();
            if (!Objects.equals(r.telegramId(), telegramId)) {
                throw new UserRefusedException(
                        ErrorCode.UUID_CONFLICT,
                        "uuid " + Uuids.shortForm(uuid) + " is already registered to another telegram_id");
            }
            if (r.active() && r.expiryMs() != null && expiryMs > r.expiryMs()) {
                // A later expiry extends (the bot lost its key and renewed, see L16): otherwise the paid days would
                // be dropped while the bot stores whatever we answer.
                UserRecord extended = r.with(UserState.active, expiryMs, nowMs);
                return new Plan<>(
                        Set.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())),
                        List.of(new RowWrite.Upsert(extended)),
                        new LiveOp.Add(liveUser(extended), true),
                        outcome -> answer.apply(extended));
            }
            if (r.active() && r.expiryMs() != null) {
                // Idempotent replay, or an earlier expiry (a replayed old request must never shorten access): the
                // stored user is the answer; making sure it is live heals any drift for free.
                return new Plan<>(
                        Set.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())),
                        List.of(),
                        new LiveOp.Add(liveUser(r), true),
                        outcome -> answer.apply(r));
            }
            // Inactive, or imported from a config without expiryTime: the bot's request sets the expiry from now on.
            // An inactive row may have been re-keyed meanwhile: it takes user_<telegram_id> back.
            if (!r.active()) {
                requireCapacity(view, maxActive, uuid);
            }
            String email = r.active() ? r.email() : TelegramIds.email(telegramId);
            Set<String> keys = new HashSet<>(List.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())));
            List<RowWrite> writes = new ArrayList<>(2);
            freeEmail(view, email, uuid, nowMs, writes, keys);
            UserRecord revived = r.withEmail(email, nowMs).with(UserState.active, expiryMs, nowMs);
            writes.add(new RowWrite.Upsert(revived));
            return new Plan<>(keys, writes, new LiveOp.Add(liveUser(revived)), outcome -> answer.apply(revived));
        }
        requireCapacity(view, maxActive, uuid);
        String email = TelegramIds.email(telegramId);
        Set<String> keys = new HashSet<>(List.of(Plan.uuidKey(uuid)));
        List<RowWrite> writes = new ArrayList<>(2);
        freeEmail(view, email, uuid, nowMs, writes, keys);
        UserRecord created = new UserRecord(uuid, telegramId, email, expiryMs, UserState.active, nowMs, nowMs);
        writes.add(new RowWrite.Upsert(created));
        return new Plan<>(keys, writes, new LiveOp.Add(liveUser(created)), outcome -> answer.apply(created));
    }

    /** The result of update-user before it becomes a response: the user as stored and whether it was recovered. */
    record Updated(UserRecord record, boolean recovered) {}

    /**
     * update-user: set the expiry; bring the client back (with flow) when it is missing anywhere, unless the expiry
     * has already passed.
     */
    static Plan<Updated> update(
            BatchView view, String uuid, long expiryMs, Long telegramId, long nowMs, long maxActive) {
        Optional<UserRecord> existing = view.byUuid(uuid);
        if (existing.isPresent()
                && telegramId != null
                && existing.get().telegramId() != null
                && !existing.get().telegramId().equals(telegramId)) {
            throw new UserRefusedException(
                    ErrorCode.UUID_CONFLICT, "uuid " + Uuids.shortForm(uuid) + " is registered to another telegram_id");
        }
        if (existing.isPresent() && existing.get().active()) {
            UserRecord r = existing.get().with(UserState.active, expiryMs, nowMs);
            // The Add is a check when the user is live as stored; it re-adds (recovered) when Xray lost it.
            return new Plan<>(
                    Set.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())),
                    List.of(new RowWrite.Upsert(r)),
                    new LiveOp.Add(liveUser(r), true),
                    outcome -> new Updated(r, outcome.repairedLive()));
        }
        if (existing.isPresent() && expiryMs <= nowMs) {
            // An expiry already past (a refund ending access now) records the date but brings nobody back, not
            // even until the next sweep.
            UserRecord r = existing.get().with(existing.get().state(), expiryMs, nowMs);
            return new Plan<>(
                    Set.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())),
                    List.of(new RowWrite.Upsert(r)),
                    LiveOp.NONE,
                    outcome -> new Updated(r, false));
        }
        Long tg = telegramId != null
                ? telegramId
                : existing.map(UserRecord::telegramId).orElse(null);
        // An inactive (expired or removed) row comes back too: the bot renews expired customers this way and
        // relies on it to recover a client removed behind its back; the uuid never changes telegram_id (above).
        // An unknown uuid whose expiry passed is kept as expired, so it stays bound to its telegram_id.
        boolean live = expiryMs > nowMs;
        if (live) {
            requireCapacity(view, maxActive, uuid);
        }
        String email = tg != null ? TelegramIds.email(tg) : recoveredEmail(uuid);
        Set<String> keys = new HashSet<>(List.of(Plan.uuidKey(uuid)));
        existing.ifPresent(old -> keys.add(Plan.emailKey(old.email())));
        List<RowWrite> writes = new ArrayList<>(2);
        freeEmail(view, email, uuid, nowMs, writes, keys);
        long created = existing.map(UserRecord::createdMs).orElse(nowMs);
        UserState state = live ? UserState.active : UserState.expired;
        UserRecord r = new UserRecord(uuid, tg, email, expiryMs, state, created, nowMs);
        writes.add(new RowWrite.Upsert(r));
        LiveOp op = live ? new LiveOp.Add(liveUser(r)) : LiveOp.NONE;
        return new Plan<>(keys, writes, op, outcome -> new Updated(r, live));
    }

    /** remove-user: make the user not live and mark it removed; false when there was nothing to remove. */
    static Plan<Optional<UserRecord>> remove(BatchView view, String uuid, long nowMs) {
        Optional<UserRecord> existing = view.byUuid(uuid);
        if (existing.isEmpty() || existing.get().state() == UserState.removed) {
            return Plan.answer(Optional.empty());
        }
        UserRecord r = existing.get();
        UserRecord removed = r.with(UserState.removed, r.expiryMs(), nowMs);
        return new Plan<>(
                Set.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())),
                List.of(new RowWrite.Upsert(removed)),
                new LiveOp.Remove(r.email(), r.active() ? liveUser(r) : null),
                outcome -> Optional.of(removed));
    }

    /** Expiry sweep: make an active user whose expiry passed not live; empty when it no longer qualifies. */
    static Plan<Optional<UserRecord>> expire(BatchView view, String uuid, long nowMs) {
        Optional<UserRecord> existing = view.byUuid(uuid);
        if (existing.isEmpty()
                || !existing.get().active()
                || existing.get().expiryMs() == null
                || existing.get().expiryMs() > nowMs) {
            return Plan.answer(Optional.empty());
        }
        UserRecord r = existing.get();
        UserRecord expired = r.with(UserState.expired, r.expiryMs(), nowMs);
        return new Plan<>(
                Set.of(Plan.uuidKey(uuid), Plan.emailKey(r.email())),
                List.of(new RowWrite.Upsert(expired)),
                new LiveOp.Remove(r.email(), liveUser(r)),
                outcome -> Optional.of(expired));
    }

    /** Refuses to make one more user active when the server holds its maximum (API_MAX_USERS). */
    private static void requireCapacity(BatchView view, long maxActive, String uuid) {
        if (view.activeCountWithBatch() >= maxActive) {
            throw new UserRefusedException(
                    ErrorCode.CAPACITY_EXHAUSTED,
                    "this server holds its maximum of " + maxActive + " active users (API_MAX_USERS); uuid "
                            + Uuids.shortForm(uuid) + " was not added. Users already active are still served");
        }
    }

    /**
     * Frees {@code email} for {@code uuid} and adds the email's key: an inactive row holding it moves to its retired
     * email (never deleted: the row is the proof of which telegram_id its uuid belongs to); refused when the holder
     * is active.
     */
    private static void freeEmail(
            BatchView view, String email, String uuid, long nowMs, List<RowWrite> writes, Set<String> keys) {
        keys.add(Plan.emailKey(email));
        Optional<UserRecord> holder = view.byEmail(email);
        if (holder.isEmpty() || holder.get().uuid().equalsIgnoreCase(uuid)) {
            return;
        }
        UserRecord h = holder.get();
        if (h.active()) {
            throw new UserRefusedException(
                    ErrorCode.UUID_CONFLICT,
                    "email " + email + " already belongs to the active uuid " + Uuids.shortForm(h.uuid())
                            + "; remove that user first");
        }
        String retired = retiredEmail(h.uuid());
        Optional<UserRecord> taken = view.byEmail(retired);
        if (taken.isPresent() && !taken.get().uuid().equalsIgnoreCase(h.uuid())) {
            // Only an operator's hand-written email can get here; refusing beats failing the whole batch's commit.
            throw new UserRefusedException(
                    ErrorCode.UUID_CONFLICT,
                    "email " + email + " is held by the inactive uuid " + Uuids.shortForm(h.uuid())
                            + ", whose retired email " + retired + " is taken by uuid "
                            + Uuids.shortForm(taken.get().uuid()));
        }
        keys.add(Plan.uuidKey(h.uuid()));
        keys.add(Plan.emailKey(retired));
        writes.add(new RowWrite.Upsert(h.withEmail(retired, nowMs)));
    }
}
