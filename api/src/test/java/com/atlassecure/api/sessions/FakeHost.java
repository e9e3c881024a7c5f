package com.atlassecure.api.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pretend server for unit tests: customers' sockets to the inbound port, Xray's online maps, and
 * an ss that kills sockets (and so takes the IP out of every online map, as Xray does on close).
 */
class FakeHost implements OnlineIps {
    final Map<String, Map<String, Long>> online = new LinkedHashMap<>();
    final Map<String, List<String>> socketsByIp = new LinkedHashMap<>();
    String killStderr = "";
    boolean xrayForgetsOnKill = true;
    Instant xrayForgetsAt;
    /** A neighbour behind the same address reconnects right after every kill. */
    boolean neighbourReconnects;

    private final java.util.Set<String> killed = new java.util.HashSet<>();
    RuntimeException statsFailure;
    final ScriptedRunner runner = new ScriptedRunner(this::answer);
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));

    void connect(String email, String ip, int peerPort) {
        online.computeIfAbsent(email, e -> new LinkedHashMap<>()).put(ip, 1_700_000_000L);
        socketsByIp.computeIfAbsent(operand(ip), i -> new ArrayList<>()).add(peerPort + "");
    }

    /** The form ss is called with, which is how the fake kernel keys sockets. */
    static String operand(String xrayIp) {
        return IpLiterals.parse(xrayIp).map(IpLiterals::ssOperand).orElse(xrayIp);
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    Sleeper sleeper() {
        return duration -> now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Map<String, Long> ipsOf(String email) {
        if (statsFailure != null) {
            throw statsFailure;
        }
        if (xrayForgetsAt != null && !now.get().isBefore(xrayForgetsAt)) {
            online.values().forEach(ips -> ips.keySet().removeIf(xrayIp -> killed.contains(operand(xrayIp))));
        }
        return Map.copyOf(online.getOrDefault(email, Map.of()));
    }

    @Override
    public List<String> onlineEmails() {
        return online.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    private CommandRunner.Result answer(List<String> argv) {
        String ip = argv.get(argv.indexOf("dst") + 1);
        String port = argv.get(argv.size() - 1);
        List<String> peers = socketsByIp.getOrDefault(ip, List.of());
        StringBuilder out = new StringBuilder();
        for (String peer : peers) {
            out.append("0 0 203.0.113.1")
                    .append(port)
                    .append(' ')
                    .append(ip)
                    .append(':')
                    .append(peer)
                    .append('\n');
        }
        if (!argv.contains("-K")) {
            return ScriptedRunner.ok(out.toString());
        }
        if (!killStderr.isEmpty()) {
            return new CommandRunner.Result(0, "", killStderr, false);
        }
        socketsByIp.remove(ip);
        killed.add(ip);
        if (neighbourReconnects) {
            socketsByIp.put(ip, new ArrayList<>(List.of("61000")));
        }
        if (xrayForgetsOnKill) {
            online.values().forEach(ips -> ips.keySet().removeIf(xrayIp -> ip.equals(operand(xrayIp))));
        }
        return ScriptedRunner.ok(out.toString());
    }

    static Duration settle() {
        return Duration.ofSeconds(3);
    }
}
