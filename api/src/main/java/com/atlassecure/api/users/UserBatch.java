package com.atlassecure.api.users;

import com.atlassecure.api.links.VlessLinks;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.contract.errors.ErrorBody;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserBatchRequest;
import com.atlassecure.contract.users.UserBatchResponse;
import com.atlassecure.contract.users.UserBatchResult;
import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.contract.validation.TelegramIds;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /users/batch}: each item is validated on its own, the valid ones are decided and committed in one group
 * commit and go live exactly as the single routes would, and every item is answered at its index with the status its
 * single route would have answered. One bad item never fails another. Thread-safe.
 */
final class UserBatch {
    private static final Logger log = LoggerFactory.getLogger(UserBatch.class);

    private final UserLedger ledger;
    private final VlessLinks.Template link;
    private final Clock clock;
    private final UserLimits limits;
    private final Consumer<UserRecord> removed;

    UserBatch(
            UserLedger ledger, VlessLinks.Template link, Clock clock, UserLimits limits, Consumer<UserRecord> removed) {
        this.ledger = ledger;
        this.link = link;
        this.clock = clock;
        this.limits = limits;
        this.removed = removed;
    }

    UserBatchResponse apply(UserBatchRequest request) {
        List<UserBatchItem> items = request.items();
        if (items == null || items.isEmpty()) {
            throw new ContractViolation(
                    ErrorCode.MISSING_FIELD, "items must hold 1 to " + UserBatchRequest.MAX_ITEMS + " changes");
        }
        if (items.size() > UserBatchRequest.MAX_ITEMS) {
            throw new ContractViolation(
                    ErrorCode.INVALID_FIELD,
                    "items holds " + items.size() + " changes; a batch takes at most " + UserBatchRequest.MAX_ITEMS);
        }
        long now = clock.millis();
        UserBatchResult[] results = new UserBatchResult[items.size()];
        List<Command<?>> commands = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            UserBatchItem item = items.get(i);
            try {
                commands.add(command(item, now));
                positions.add(i);
            } catch (ContractViolation e) {
                results[i] = failed(item, e.code(), e.getMessage());
            }
        }
        List<CompletableFuture<Object>> futures = ledger.submitAll(commands);
        for (int k = 0; k < futures.size(); k++) {
            int i = positions.get(k);
            results[i] = answer(items.get(i), futures.get(k));
        }
        long ok = java.util.Arrays.stream(results).filter(UserBatchResult::ok).count();
        log.info("event=users_batch items={} ok={} failed={}", items.size(), ok, items.size() - ok);
        return new UserBatchResponse(List.of(results));
    }

    /** The item's change, or a ContractViolation naming what is wrong with it. */
    private Command<?> command(UserBatchItem item, long now) {
        if (item == null) {
            throw new ContractViolation(ErrorCode.MISSING_FIELD, "an item is null");
        }
        String op = item.op();
        if (op == null) {
            throw new ContractViolation(ErrorCode.MISSING_FIELD, "op is required: add, update or remove");
        }
        if (item.uuid() == null) {
            throw new ContractViolation(ErrorCode.MISSING_FIELD, "uuid is required");
        }
        String uuid = Uuids.requireValid(item.uuid());
        long max = limits.maxActiveUsers();
        switch (op) {
            case UserBatchItem.ADD -> {
                long telegramId = TelegramIds.requireValid(required(item.telegramId(), "telegram_id", op));
                long expiry = UsersService.withinHorizon(
                        required(item.expiryTimestampMs(), "expiry_timestamp_ms", op), now, limits);
                Command<UserRecord> add =
                        view -> UserCommands.add(view, uuid, telegramId, expiry, now, max, rec -> rec);
                return add;
            }
            case UserBatchItem.UPDATE -> {
                Long telegramId = item.telegramId() == null ? null : TelegramIds.requireValid(item.telegramId());
                long expiry = UsersService.withinHorizon(
                        required(item.expiryTimestampMs(), "expiry_timestamp_ms", op), now, limits);
                Command<UserCommands.Updated> update =
                        view -> UserCommands.update(view, uuid, expiry, telegramId, now, max);
                return update;
            }
            case UserBatchItem.REMOVE -> {
                Command<Optional<UserRecord>> remove = view -> UserCommands.remove(view, uuid, now);
                return remove;
            }
            default -> {
                String shown = op.length() > 16 ? op.substring(0, 16) + "..." : op;
                throw new ContractViolation(
                        ErrorCode.INVALID_FIELD, "op=" + shown + " but it must be add, update or remove");
            }
        }
    }

    private static long required(Long value, String field, String op) {
        if (value == null) {
            throw new ContractViolation(ErrorCode.MISSING_FIELD, field + " is required for op=" + op);
        }
        return value;
    }

    private UserBatchResult answer(UserBatchItem item, CompletableFuture<Object> future) {
        String uuid = item.uuid().strip();
        try {
            Object outcome = UsersService.await(future);
            if (outcome instanceof UserRecord r) {
                return new UserBatchResult(uuid, 200, r.expiryMs(), link.link(uuid), null, null, null);
            }
            if (outcome instanceof UserCommands.Updated u) {
                return new UserBatchResult(
                        uuid, 200, item.expiryTimestampMs(), link.link(uuid), u.recovered(), null, null);
            }
            Optional<?> gone = (Optional<?>) outcome;
            gone.ifPresent(r -> removed.accept((UserRecord) r));
            return new UserBatchResult(uuid, 200, null, null, null, gone.isPresent(), null);
        } catch (ContractViolation e) {
            return failed(item, e.code(), e.getMessage());
        } catch (UserRefusedException e) {
            return failed(item, e.code(), e.getMessage());
        } catch (XrayUnavailableException e) {
            return failed(
                    item,
                    ErrorCode.XRAY_UNAVAILABLE,
                    "Xray did not answer in time; the change may or may not have been applied; retry (the operation"
                            + " is idempotent)");
        } catch (XrayException e) {
            String ref = reference();
            log.error(
                    "event=xray_error ref={} route=/users/batch uuid={} error={}",
                    ref,
                    Uuids.shortForm(uuid),
                    e.getMessage());
            return failed(item, ErrorCode.INTERNAL, "Xray refused the change; nothing was applied (ref " + ref + ")");
        } catch (RuntimeException e) {
            String ref = reference();
            log.error(
                    "event=internal_error ref={} route=/users/batch uuid={} error={}",
                    ref,
                    Uuids.shortForm(uuid),
                    e.toString(),
                    e);
            return failed(item, ErrorCode.INTERNAL, "internal error (ref " + ref + ")");
        }
    }

    private static UserBatchResult failed(UserBatchItem item, ErrorCode code, String message) {
        String uuid = item == null || item.uuid() == null ? null : item.uuid().strip();
        return new UserBatchResult(
                uuid, code.httpStatus(), null, null, null, null, new ErrorBody.Detail(code.code(), message));
    }

    private static String reference() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
