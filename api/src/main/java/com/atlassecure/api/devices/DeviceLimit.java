package com.atlassecure.api.devices;

import com.atlassecure.api.config.DeviceLimitSettings;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.users.UserRefusedException;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.contract.devices.UserDevicesResponse;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.validation.DeviceLimits;
import com.atlassecure.contract.validation.Uuids;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's device limit (decision 0025): the front door for the routes, the timer and /health. Each key may use
 * up to its limit of source addresses at once; newer addresses beyond it are blocked for that key only, for a
 * cooldown, and their sessions closed. When Xray or this host cannot do that, nothing is blocked and {@link
 * #support()} says why.
 */
public final class DeviceLimit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceLimit.class);
    /** How often the probe runs again, so an Xray upgraded or reconfigured under us is noticed. */
    private static final long REPROBE_MS = 300_000;

    /** Closes one user's sessions from some of their addresses, off the caller's thread; never throws. */
    @FunctionalInterface
    public interface AddressCloser {
        void close(String email, Set<String> ips);
    }

    private final DeviceLimitSettings settings;
    private final XrayControl xray;
    private final UserView view;
    private final DeviceStore store;
    private final DeviceEnforcer enforcer;
    private final Supplier<DeviceSupport> probe;
    private final Clock clock;
    private volatile DeviceSupport support;
    private volatile long probedMs;

    private DeviceLimit(
            DeviceLimitSettings settings,
            XrayControl xray,
            UserView view,
            DeviceStore store,
            Supplier<DeviceSupport> probe,
            AddressCloser closer,
            Clock clock) {
        this.settings = settings;
        this.xray = xray;
        this.view = view;
        this.store = store;
        this.probe = probe;
        this.clock = clock;
        this.enforcer = new DeviceEnforcer(xray.devices(), store, view, settings, closer, clock);
        reprobe();
    }

    /**
     * Opens the device store in {@code dataDir} and probes the running Xray. {@code configGap} is what config.json
     * lacks ({@link #configGap}); {@code closingStatus} is session closing's status.
     */
    public static DeviceLimit start(
            DeviceLimitSettings settings,
            Path dataDir,
            XrayControl xray,
            UserView view,
            String inboundTag,
            Optional<String> configGap,
            Supplier<String> closingStatus,
            AddressCloser closer,
            Clock clock) {
        DeviceStore store = DeviceStore.open(dataDir);
        Supplier<DeviceSupport> probe =
                () -> SupportProbe.run(xray.devices(), inboundTag, settings.blockOutbound(), configGap, closingStatus);
        return new DeviceLimit(settings, xray, view, store, probe, closer, clock);
    }

    /** What config.json lacks for the limit to be enforced, in words naming the setting; empty when nothing. */
    public static Optional<String> configGap(XrayConfig config, DeviceLimitSettings settings) {
        if (config.apiBlock().map(api -> !api.exposes("RoutingService")).orElse(true)) {
            return Optional.of("Xray's api block does not list RoutingService, so no block rule can be added live");
        }
        if (!config.hasRouting()) {
            return Optional.of("config.json has no \"routing\" block, so Xray runs no router to add block rules to");
        }
        String tag = settings.blockOutbound();
        Optional<String> protocol = config.outboundProtocol(tag);
        if (protocol.isEmpty()) {
            return Optional.of("config.json has no outbound tagged \"" + tag + "\" (DEVICE_BLOCK_OUTBOUND)");
        }
        if (!"blackhole".equals(protocol.get())) {
            return Optional.of("the outbound \"" + tag + "\" (DEVICE_BLOCK_OUTBOUND) is " + protocol.get()
                    + ", not blackhole, so a block rule would let traffic through");
        }
        if (!config.userOnlineStatsEnabled()) {
            return Optional.of("policy.levels.0.statsUserOnline is off, so Xray lists no addresses per user");
        }
        return Optional.empty();
    }

    public DeviceSupport support() {
        return support;
    }

    /** The timer's work: a pass when the limit is enforced, and the probe again when it is due. */
    public void pass() {
        if (clock.millis() - probedMs >= REPROBE_MS) {
            reprobe();
        }
        DeviceSupport now = support;
        if (now.enforced()) {
            enforcer.run(now.encoding());
        }
    }

    private void reprobe() {
        DeviceSupport before = support;
        DeviceSupport after = probe.get();
        probedMs = clock.millis();
        support = after;
        if (before == null || before.enforced() != after.enforced()) {
            if (after.enforced()) {
                log.info("event=device_limit_support enforced=true detail=\"{}\"", after.detail());
            } else {
                log.warn("event=device_limit_support enforced=false detail=\"{}\"", after.detail());
            }
        }
    }

    /**
     * Runs an add-user or update-user ({@code change}) and then keeps the limit it named (null keeps what the key
     * had); a bad limit is refused before anything changes.
     */
    public <T> T withLimit(String uuid, Integer limit, java.util.function.Supplier<T> change) {
        DeviceLimits.requireValid(limit);
        T answer = change.get();
        remember(uuid, limit);
        return answer;
    }

    /** Keeps the limit an add-user or update-user named; null keeps what the key had. */
    public void remember(String uuid, Integer limit) {
        if (limit != null) {
            store.setLimit(Uuids.requireValid(uuid), DeviceLimits.requireValid(limit));
        }
    }

    /** The key's devices on this node now; 404 user_not_found for a key the node never knew. */
    public UserDevicesResponse devices(String rawUuid) {
        return answer(user(rawUuid), 0);
    }

    /** Lifts every block of the key on this node; the key's devices right after. */
    public UserDevicesResponse reset(String rawUuid) {
        UserRecord user = user(rawUuid);
        int lifted = enforcer.liftAll(user.email());
        log.info("event=device_reset uuid={} lifted={}", Uuids.shortForm(user.uuid()), lifted);
        return answer(user, lifted);
    }

    private UserRecord user(String rawUuid) {
        String uuid = Uuids.requireValid(rawUuid);
        return view.byUuid(uuid)
                .orElseThrow(() -> new UserRefusedException(
                        ErrorCode.USER_NOT_FOUND, "no user with uuid " + Uuids.shortForm(uuid)));
    }

    private UserDevicesResponse answer(UserRecord user, int lifted) {
        long online = xray.onlineIps(user.email()).keySet().stream()
                .filter(ip -> !store.isBlocked(user.email(), ip))
                .count();
        DeviceSupport now = support;
        return new UserDevicesResponse(
                user.uuid(),
                enforcer.limitOf(user),
                (int) online,
                store.blocksOf(user.email()).size(),
                lifted,
                now.enforced(),
                now.enforced() ? "enforced" : now.detail());
    }

    @Override
    public void close() {
        store.close();
    }
}
