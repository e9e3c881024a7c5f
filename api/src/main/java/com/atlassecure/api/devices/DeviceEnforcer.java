package com.atlassecure.api.devices;

import com.atlassecure.api.config.DeviceLimitSettings;
import com.atlassecure.api.sessions.IpLiterals;
import com.atlassecure.api.sessions.LogTags;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.xray.XrayDevices;
import com.atlassecure.api.xray.XrayDevices.SourceEncoding;
import com.atlassecure.api.xray.XrayException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One enforcement pass: reads every user's online addresses in one call, keeps for each key the addresses it was
 * seen on first (up to its limit), blocks the newer ones with a live routing rule for that user and address only,
 * and has their sessions closed. The same pass lifts blocks whose cooldown ended or whose user is no longer active,
 * puts back rules Xray lost (a restart) and removes our rules nobody recorded. Runs on one thread (the timer).
 */
final class DeviceEnforcer {
    private static final Logger log = LoggerFactory.getLogger(DeviceEnforcer.class);
    /** A device that drops its last connection for a moment keeps its place in line for this long. */
    static final long MEMORY_MS = 120_000;

    /** What a pass did, for logs, tests and the benchmark. */
    record Pass(int online, int blocked, int lifted, int restored, int strays) {
        static final Pass SKIPPED = new Pass(0, 0, 0, 0, 0);
    }

    private record Seen(long firstMs, long lastMs) {}

    private final XrayDevices xray;
    private final DeviceStore store;
    private final UserView view;
    private final DeviceLimitSettings settings;
    private final DeviceLimit.AddressCloser closer;
    private final Clock clock;
    private final Map<String, Map<String, Seen>> seen = new HashMap<>();

    DeviceEnforcer(
            XrayDevices xray,
            DeviceStore store,
            UserView view,
            DeviceLimitSettings settings,
            DeviceLimit.AddressCloser closer,
            Clock clock) {
        this.xray = xray;
        this.store = store;
        this.view = view;
        this.settings = settings;
        this.closer = closer;
        this.clock = clock;
    }

    synchronized Pass run(SourceEncoding encoding) {
        long now = clock.millis();
        Map<String, Map<String, Long>> online = xray.onlineByUser();
        int lifted = liftEnded(now);
        int[] repaired = reconcile(encoding);
        List<Block> decided = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> entry : online.entrySet()) {
            decide(entry.getKey(), entry.getValue(), now, decided);
        }
        apply(decided, encoding);
        forgetGone(online, now);
        Pass pass = new Pass(online.size(), decided.size(), lifted, repaired[0], repaired[1]);
        if (decided.size() + lifted + repaired[0] + repaired[1] > 0) {
            log.info(
                    "event=device_pass online_users={} blocked={} lifted={} restored={} strays_removed={}",
                    pass.online(),
                    pass.blocked(),
                    lifted,
                    pass.restored(),
                    pass.strays());
        }
        return pass;
    }

    /** Adds to {@code decided} a block for each of the user's newest addresses beyond the limit. */
    private void decide(String email, Map<String, Long> ips, long now, List<Block> decided) {
        Optional<UserRecord> user = view.byEmail(email);
        if (user.isEmpty() || !user.get().active()) {
            return; // the session sweep cuts users who are not active at all
        }
        Map<String, Seen> known = seen.computeIfAbsent(email, e -> new HashMap<>());
        List<String> present = new ArrayList<>(ips.size());
        for (String ip : ips.keySet()) {
            Seen before = known.get(ip);
            known.put(ip, new Seen(before == null ? now : before.firstMs(), now));
            if (!store.isBlocked(email, ip)) {
                present.add(ip);
            }
        }
        int limit = limitOf(user.get());
        if (present.size() <= limit) {
            return;
        }
        // Ties (every address is new after the API starts) go to the address whose newest connection is oldest.
        present.sort(Comparator.<String>comparingLong(ip -> known.get(ip).firstMs())
                .thenComparingLong(ips::get)
                .thenComparing(Comparator.naturalOrder()));
        long until = now + settings.cooldown().toMillis();
        for (String ip : present.subList(limit, present.size())) {
            if (IpLiterals.parse(ip).isPresent()) {
                decided.add(new Block(email, ip, now, until));
            } else {
                log.warn("event=device_block_skipped user={} reason=not_an_address", LogTags.user(email));
            }
        }
    }

    /**
     * Records every decided block in one transaction first (if Xray refuses a rule now, the next pass's reconcile
     * adds what the store names), then adds the rules, then has each user's blocked addresses closed.
     */
    private void apply(List<Block> decided, SourceEncoding encoding) {
        if (decided.isEmpty()) {
            return;
        }
        store.addAll(decided);
        Map<String, List<String>> byUser = new HashMap<>();
        for (Block block : decided) {
            addRule(block, encoding);
            byUser.computeIfAbsent(block.email(), e -> new ArrayList<>()).add(block.ip());
        }
        byUser.forEach((email, ips) -> {
            log.warn(
                    "event=device_limit_exceeded user={} blocked={} cooldown_s={}",
                    LogTags.user(email),
                    LogTags.ips(ips),
                    settings.cooldown().toSeconds());
            closer.close(email, Set.copyOf(ips));
        });
    }

    private void addRule(Block block, SourceEncoding encoding) {
        InetAddress address = IpLiterals.parse(block.ip()).orElseThrow();
        try {
            xray.addSourceRule(block.ruleTag(), block.email(), address, settings.blockOutbound(), encoding);
        } catch (XrayException e) {
            if (!String.valueOf(e.getMessage()).contains("duplicate")) {
                log.error("event=device_block_failed user={} error=\"{}\"", LogTags.user(block.email()), e.getClass());
            }
        }
    }

    int limitOf(UserRecord user) {
        return store.limitOf(user.uuid()).orElse(settings.defaultLimit());
    }

    /** Lifts blocks whose cooldown ended or whose user is gone or inactive; returns how many. */
    private int liftEnded(long now) {
        int lifted = 0;
        for (Block block : store.blocks()) {
            boolean active = view.byEmail(block.email()).map(UserRecord::active).orElse(false);
            if (block.untilMs() <= now || !active) {
                lift(block);
                lifted++;
            }
        }
        return lifted;
    }

    /** Lifts every block of the user (a reset); returns how many. */
    synchronized int liftAll(String email) {
        List<Block> blocks = store.blocksOf(email);
        for (Block block : blocks) {
            lift(block);
        }
        return blocks.size();
    }

    private void lift(Block block) {
        xray.removeRule(block.ruleTag());
        store.remove(block);
    }

    /** Puts back recorded blocks Xray does not hold, removes our rules the store does not name; {restored, strays}. */
    private int[] reconcile(SourceEncoding encoding) {
        Set<String> live = xray.ruleTags();
        int restored = 0;
        int strays = 0;
        Map<String, Block> recorded = new HashMap<>();
        for (Block block : store.blocks()) {
            recorded.put(block.ruleTag(), block);
            if (!live.contains(block.ruleTag())) {
                Optional<InetAddress> address = IpLiterals.parse(block.ip());
                if (address.isPresent()) {
                    xray.addSourceRule(
                            block.ruleTag(), block.email(), address.get(), settings.blockOutbound(), encoding);
                    restored++;
                }
            }
        }
        for (String tag : live) {
            if (Block.ours(tag) && !recorded.containsKey(tag)) {
                xray.removeRule(tag);
                strays++;
            }
        }
        return new int[] {restored, strays};
    }

    /** Forgets addresses (and users) not online for {@link #MEMORY_MS}. */
    private void forgetGone(Map<String, Map<String, Long>> online, long now) {
        seen.entrySet().removeIf(user -> {
            Map<String, Long> current = online.getOrDefault(user.getKey(), Map.of());
            user.getValue()
                    .entrySet()
                    .removeIf(ip ->
                            !current.containsKey(ip.getKey()) && ip.getValue().lastMs() < now - MEMORY_MS);
            return user.getValue().isEmpty();
        });
    }
}
