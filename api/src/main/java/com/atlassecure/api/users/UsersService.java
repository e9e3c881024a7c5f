package com.atlassecure.api.users;

import com.atlassecure.api.links.ClientConfigBuilder;
import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.links.VlessLinks;
import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.xray.UserTraffic;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.AddUserResponse;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.RemoveUserResponse;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UpdateUserResponse;
import com.atlassecure.contract.users.UserBatchRequest;
import com.atlassecure.contract.users.UserBatchResponse;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.users.UserStateResponse;
import com.atlassecure.contract.users.UserTrafficEntry;
import com.atlassecure.contract.users.UserTrafficList;
import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.contract.validation.Expiry;
import com.atlassecure.contract.validation.TelegramIds;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user operations of the API: validates input, runs the change through the group-committing ledger (so the answer
 * means live and durable), and builds the answers, links included. Thread-safe.
 */
public final class UsersService {
    private static final Logger log = LoggerFactory.getLogger(UsersService.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final UserLedger ledger;
    private final XrayControl xray;
    private final VlessLinks.Template link;
    private final ClientConfigBuilder configs;
    private final Clock clock;
    private final RemovalListener removalListener;
    private final UserLimits limits;
    private final SweepGuard sweepGuard;
    private final UserBatch batch;
    private final UserListing listing;

    public UsersService(
            UserLedger ledger,
            XrayControl xray,
            LinkParameters link,
            Clock clock,
            RemovalListener removalListener,
            UserLimits limits,
            SweepGuard sweepGuard) {
        this.sweepGuard = sweepGuard;
        this.ledger = ledger;
        this.xray = xray;
        this.configs = new ClientConfigBuilder(link);
        this.link = VlessLinks.template(link);
        this.clock = clock;
        this.removalListener = removalListener;
        this.limits = limits;
        this.batch = new UserBatch(ledger, this.link, clock, limits, r -> notifyRemoved(r, "removed"));
        this.listing = new UserListing(ledger.view(), clock);
        long active = ledger.view().activeCount();
        if (active >= limits.maxActiveUsers()) {
            // Imported or left from a higher limit: served as they are, but no user is added until below the limit.
            log.warn(
                    "event=user_capacity_reached active={} max_users={} setting=API_MAX_USERS",
                    active,
                    limits.maxActiveUsers());
        }
    }

    public AddUserResponse addUser(AddUserRequest req) {
        String uuid = Uuids.requireValid(req.uuid());
        long telegramId = TelegramIds.requireValid(req.telegramId());
        long now = clock.millis();
        long expiry = withinHorizon(req.expiryTimestampMs(), now);
        long max = limits.maxActiveUsers();
        UserRecord r =
                await(ledger.execute(view -> UserCommands.add(view, uuid, telegramId, expiry, now, max, rec -> rec)));
        log.info("event=user_added uuid={} email={} expiry_ms={}", Uuids.shortForm(uuid), r.email(), r.expiryMs());
        return new AddUserResponse(uuid, r.email(), r.expiryMs(), link.link(uuid), configs.configs(uuid));
    }

    public UpdateUserResponse updateUser(UpdateUserRequest req) {
        String uuid = Uuids.requireValid(req.uuid());
        Long telegramId = req.telegramId() == null ? null : TelegramIds.requireValid(req.telegramId());
        long now = clock.millis();
        long expiry = withinHorizon(req.expiryTimestampMs(), now);
        long max = limits.maxActiveUsers();
        UserCommands.Updated u =
                await(ledger.execute(view -> UserCommands.update(view, uuid, expiry, telegramId, now, max)));
        log.info(
                "event=user_updated uuid={} email={} expiry_ms={} recovered={}",
                Uuids.shortForm(uuid),
                u.record().email(),
                expiry,
                u.recovered());
        return new UpdateUserResponse(uuid, expiry, link.link(uuid), u.recovered(), configs.configs(uuid));
    }

    public RemoveUserResponse removeUser(RemoveUserRequest req) {
        String uuid = Uuids.requireValid(req.uuid());
        long now = clock.millis();
        Optional<UserRecord> removed = await(ledger.execute(view -> UserCommands.remove(view, uuid, now)));
        removed.ifPresent(r -> notifyRemoved(r, "removed"));
        log.info("event=user_removed uuid={} removed={}", Uuids.shortForm(uuid), removed.isPresent());
        return new RemoveUserResponse(uuid, removed.isPresent());
    }

    /** {@code POST /users/batch}: up to 1,000 changes in one group commit, each answered on its own. */
    public UserBatchResponse batch(UserBatchRequest request) {
        return batch.apply(request);
    }

    /** Pages and digests of this node's users, for a bot repairing drift. */
    public UserListing listing() {
        return listing;
    }

    /** Every held (not removed) user's traffic counters, read from Xray in one query and mapped to uuids, in uuid order. */
    public UserTrafficList traffic() {
        Map<String, UserTraffic> byEmail = xray.allTraffic();
        List<UserTrafficEntry> users = new ArrayList<>();
        for (UserRecord r : ledger.view().inUuidOrder()) {
            UserTraffic t = r.email() == null || r.state() == UserState.removed ? null : byEmail.get(r.email());
            if (t != null) {
                users.add(new UserTrafficEntry(r.uuid(), t.uplinkBytes(), t.downlinkBytes()));
            }
        }
        return new UserTrafficList(users);
    }

    /** The user's state, expiry and traffic; 404 user_not_found when the store never knew it. */
    public UserStateResponse user(String rawUuid) {
        String uuid = Uuids.requireValid(rawUuid);
        UserRecord r = ledger.view()
                .byUuid(uuid)
                .orElseThrow(() -> new UserRefusedException(
                        ErrorCode.USER_NOT_FOUND, "no user with uuid " + Uuids.shortForm(uuid)));
        UserTraffic traffic = xray.traffic(r.email());
        boolean online = !xray.onlineIps(r.email()).isEmpty();
        UserState state = r.state();
        if (state == UserState.active && r.expiryMs() != null && r.expiryMs() <= clock.millis()) {
            state = UserState.expired; // the sweep has not run yet; report what the customer is entitled to
        }
        return new UserStateResponse(
                uuid,
                r.email(),
                state,
                r.expiryMs() == null ? 0L : r.expiryMs(),
                traffic.uplinkBytes(),
                traffic.downlinkBytes(),
                online);
    }

    /**
     * Removes, live and from the store, every active user whose expiry is at or before now; returns how many. The
     * removals are queued together, so they share group commits. Removes nobody while the {@link SweepGuard} distrusts
     * the wall clock or the batch is larger than it allows: a wrong expiry is permanent, a late one is not.
     */
    public int expireDue() {
        Optional<Long> trusted = sweepGuard.trustedNow();
        if (trusted.isEmpty()) {
            return 0;
        }
        long now = trusted.get();
        List<String> due = new ArrayList<>();
        int active = 0;
        for (UserRecord r : ledger.view().active()) {
            active++;
            if (r.expiryMs() != null && r.expiryMs() <= now) {
                due.add(r.uuid());
            }
        }
        if (sweepGuard.overCap(due.size(), active)) {
            return 0;
        }
        List<CompletableFuture<Optional<UserRecord>>> futures = new ArrayList<>();
        for (String uuid : due) {
            futures.add(ledger.submit(view -> UserCommands.expire(view, uuid, now)));
        }
        int expired = 0;
        RuntimeException first = null;
        for (CompletableFuture<Optional<UserRecord>> f : futures) {
            try {
                Optional<UserRecord> r = await(f);
                if (r.isPresent()) {
                    expired++;
                    notifyRemoved(r.get(), "expired");
                }
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first; // the sweep retries next round; the caller logs and counts it
        }
        return expired;
    }

    private long withinHorizon(long expiryMs, long nowMs) {
        return withinHorizon(expiryMs, nowMs, limits);
    }

    /** The expiry if it is valid and within {@code API_MAX_EXPIRY_DAYS} of now; else a ContractViolation naming it. */
    static long withinHorizon(long expiryMs, long nowMs, UserLimits limits) {
        Expiry.requireValid(expiryMs);
        try {
            return Expiry.requireWithinHorizon(expiryMs, nowMs, limits.maxExpiryAhead());
        } catch (ContractViolation e) {
            // Name the setting, so whoever reads the bot's alert knows which knob this is.
            throw new ContractViolation(
                    e.code(),
                    e.getMessage() + " (API_MAX_EXPIRY_DAYS="
                            + limits.maxExpiryAhead().toDays() + ")");
        }
    }

    private void notifyRemoved(UserRecord r, String why) {
        try {
            removalListener.removed(r.email());
        } catch (RuntimeException e) {
            log.error(
                    "event=removal_listener_failed uuid={} reason={} error={}",
                    Uuids.shortForm(r.uuid()),
                    why,
                    e.toString());
        }
    }

    /** Waits for the batch holding this change; unwraps the failure the writer reported. */
    static <R> R await(CompletableFuture<R> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("user change failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new XrayUnavailableException(
                    "the change did not complete within " + WAIT.toSeconds() + " s; it may still apply, and a retry"
                            + " is safe",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the user store", e);
        }
    }
}
