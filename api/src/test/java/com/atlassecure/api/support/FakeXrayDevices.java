package com.atlassecure.api.support;

import com.atlassecure.api.xray.XrayDevices;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stand-in for Xray's online maps and routing rules, for unit tests of the device limit only (the real
 * binary is tested in {@code DeviceLimitXrayIT}). Like Xray, a duplicate rule tag is refused and removing an unknown
 * tag is not an error; it understands only the encoding it is told the running version has.
 */
public final class FakeXrayDevices implements XrayDevices {
    /** A rule as the fake holds it. */
    public record Rule(String email, InetAddress source, String outbound) {}

    private final Map<String, Map<String, Long>> online = new ConcurrentHashMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    public volatile SourceEncoding understands = SourceEncoding.IP_RULE;
    public volatile boolean routingMissing;
    public volatile boolean unavailable;
    public final AtomicInteger adds = new AtomicInteger();
    public final AtomicInteger onlineReads = new AtomicInteger();

    /** Puts {@code email} online from {@code ips} (replacing what it had), last seen at {@code lastSeen}. */
    public void online(String email, long lastSeen, String... ips) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (String ip : ips) {
            map.put(ip, lastSeen);
        }
        if (map.isEmpty()) {
            online.remove(email);
        } else {
            online.put(email, map);
        }
    }

    /** Drops every rule, as an Xray restart does. */
    public synchronized void restart() {
        rules.clear();
    }

    public synchronized Map<String, Rule> rules() {
        return Map.copyOf(rules);
    }

    @Override
    public Map<String, Map<String, Long>> onlineByUser() {
        check();
        onlineReads.incrementAndGet();
        Map<String, Map<String, Long>> copy = new HashMap<>();
        online.forEach((email, ips) -> copy.put(email, Map.copyOf(ips)));
        return copy;
    }

    @Override
    public synchronized void addSourceRule(
            String ruleTag, String email, InetAddress source, String outbound, SourceEncoding encoding) {
        routing();
        adds.incrementAndGet();
        if (rules.containsKey(ruleTag)) {
            throw new XrayException("duplicate ruleTag " + ruleTag, null);
        }
        // A rule in the other version's encoding is what Xray would misread: the fake makes it match nothing.
        rules.put(ruleTag, new Rule(email, encoding == understands ? source : null, outbound));
    }

    @Override
    public synchronized void removeRule(String ruleTag) {
        routing();
        rules.remove(ruleTag);
    }

    @Override
    public synchronized Set<String> ruleTags() {
        routing();
        return Set.copyOf(rules.keySet());
    }

    @Override
    public synchronized Optional<String> outboundFor(String inboundTag, String email, InetAddress source) {
        routing();
        return rules.values().stream()
                .filter(r -> r.email().equals(email) && source.equals(r.source()))
                .map(Rule::outbound)
                .findFirst();
    }

    private void routing() {
        check();
        if (routingMissing) {
            throw new XrayException("unknown service xray.app.router.command.RoutingService (UNIMPLEMENTED)", null);
        }
    }

    private void check() {
        if (unavailable) {
            throw new XrayUnavailableException("fake xray is down (UNAVAILABLE)", null);
        }
    }
}
