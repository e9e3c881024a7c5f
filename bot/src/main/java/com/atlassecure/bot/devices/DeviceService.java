package com.atlassecure.bot.devices;

import com.atlassecure.bot.apiclient.DeviceCount;
import com.atlassecure.bot.apiclient.NodeDevices;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.validation.Uuids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A customer's devices on the nodes that hold their key (decision 0025): how many are in use and blocked, and a
 * reset that lifts the blocks, asked of every node at once so that the answer (and the reset) is there within a few
 * seconds even when a node is slow. No address ever reaches the bot.
 */
public final class DeviceService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceService.class);

    /** One node's answer, or why there is none. */
    public record NodeAnswer(String node, DeviceCount count, String error) {
        public boolean answered() {
            return count != null;
        }
    }

    /** Every node's answer for one key. */
    public record Summary(List<NodeAnswer> nodes) {
        public Summary {
            nodes = List.copyOf(nodes);
        }

        private List<DeviceCount> counts() {
            return nodes.stream()
                    .filter(NodeAnswer::answered)
                    .map(NodeAnswer::count)
                    .toList();
        }

        /** Addresses in use now, summed over nodes (a device on two nodes at once counts twice). */
        public int online() {
            return counts().stream().mapToInt(DeviceCount::online).sum();
        }

        public int blocked() {
            return counts().stream().mapToInt(DeviceCount::blocked).sum();
        }

        public int lifted() {
            return counts().stream().mapToInt(DeviceCount::lifted).sum();
        }

        /** The limit the nodes hold for the key (the strictest, if they disagree); 0 when none answered. */
        public int limit() {
            return counts().stream().mapToInt(DeviceCount::limit).min().orElse(0);
        }

        public List<String> unanswered() {
            return nodes.stream()
                    .filter(n -> !n.answered())
                    .map(NodeAnswer::node)
                    .toList();
        }

        /** Nodes that answered but do not enforce the limit, with the node's reason. */
        public List<String> notEnforced() {
            return nodes.stream()
                    .filter(n -> n.answered() && !n.count().enforced())
                    .map(n -> n.node() + ": " + n.count().detail())
                    .toList();
        }
    }

    private final Database db;
    private final SubscriptionRepository subscriptions;
    private final Map<String, ? extends NodeDevices> nodes;
    private final Duration timeout;
    private final ExecutorService calls;

    public DeviceService(
            Database db,
            SubscriptionRepository subscriptions,
            Map<String, ? extends NodeDevices> nodes,
            Duration timeout) {
        this.db = db;
        this.subscriptions = subscriptions;
        this.nodes = Map.copyOf(nodes);
        this.timeout = timeout;
        this.calls = Executors.newFixedThreadPool(Math.max(2, Math.min(16, nodes.size() * 2)), r -> {
            Thread t = new Thread(r, "device-calls");
            t.setDaemon(true);
            return t;
        });
    }

    /** The key's devices on every node that holds it; empty when the customer has no key. */
    public Optional<Summary> read(long userId) {
        return ask(userId, "read", NodeDevices::devices);
    }

    /** Lifts the key's blocks on every node that holds it; empty when the customer has no key. */
    public Optional<Summary> reset(long userId) {
        Optional<Summary> summary = ask(userId, "reset", NodeDevices::resetDevices);
        summary.ifPresent(s -> log.info(
                "event=devices_reset user={} lifted={} nodes={} unanswered={}",
                userId,
                s.lifted(),
                s.nodes().size(),
                s.unanswered()));
        return summary;
    }

    private Optional<Summary> ask(long userId, String what, BiFunction<NodeDevices, String, DeviceCount> call) {
        Optional<Subscription> sub = db.withHandle(h -> subscriptions.find(h, userId));
        if (sub.isEmpty() || !sub.get().hasKey()) {
            return Optional.empty();
        }
        String uuid = sub.get().uuid();
        Map<String, Future<DeviceCount>> pending = new LinkedHashMap<>();
        for (NodeKey key : sub.get().keys()) {
            NodeDevices node = nodes.get(key.node());
            if (node != null) {
                pending.put(key.node(), calls.submit(() -> call.apply(node, uuid)));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<NodeAnswer> answers = new ArrayList<>();
        for (Map.Entry<String, Future<DeviceCount>> entry : pending.entrySet()) {
            answers.add(await(entry.getKey(), entry.getValue(), deadline, what, uuid));
        }
        return Optional.of(new Summary(answers));
    }

    private NodeAnswer await(String node, Future<DeviceCount> future, long deadline, String what, String uuid) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            return new NodeAnswer(node, future.get(left, TimeUnit.NANOSECONDS), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(node, what, uuid, "no answer in " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return failed(
                    node,
                    what,
                    uuid,
                    e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(node, what, uuid, "interrupted");
        }
    }

    private static NodeAnswer failed(String node, String what, String uuid, String why) {
        log.warn(
                "event=devices_call_failed op={} node={} uuid={} error=\"{}\"", what, node, Uuids.shortForm(uuid), why);
        return new NodeAnswer(node, null, why);
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
