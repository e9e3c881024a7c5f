package com.atlassecure.api.sessions;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A user's online IPs sorted into what may be closed, what the allow-list protects, and what is
 * not an address literal at all (and so is never handed to ss).
 */
record Targets(List<InetAddress> addresses, List<String> allowListed, List<String> invalid, List<String> shared) {

    Targets(List<InetAddress> addresses, List<String> allowListed, List<String> invalid) {
        this(addresses, allowListed, invalid, List.of());
    }

    /**
     * The same targets with every address that another protected (active, online) user is also online from moved
     * to {@link #shared()}: killing by address would reset that neighbour too (review M6).
     */
    Targets withoutShared(OnlineIps online, String email, Predicate<String> isProtected) {
        if (addresses.isEmpty()) {
            return this;
        }
        Set<InetAddress> others = new HashSet<>();
        for (String other : online.onlineEmails()) {
            if (!other.equals(email) && isProtected.test(other)) {
                for (String ip : online.ipsOf(other).keySet()) {
                    IpLiterals.parse(ip).ifPresent(others::add);
                }
            }
        }
        List<InetAddress> exclusive = new ArrayList<>();
        List<String> shared = new ArrayList<>(this.shared);
        for (InetAddress address : addresses) {
            if (others.contains(address)) {
                shared.add(address.getHostAddress());
            } else {
                exclusive.add(address);
            }
        }
        return new Targets(List.copyOf(exclusive), allowListed, invalid, List.copyOf(shared));
    }

    static Targets read(OnlineIps online, String email, AllowList allowList) {
        return read(online, email, allowList, ip -> true);
    }

    /** The user's online IPs that {@code only} accepts (as Xray writes them), sorted as {@link #read} sorts. */
    static Targets read(OnlineIps online, String email, AllowList allowList, Predicate<String> only) {
        List<InetAddress> addresses = new ArrayList<>();
        List<String> allowListed = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String ip :
                online.ipsOf(email).keySet().stream().filter(only).sorted().toList()) {
            Optional<InetAddress> address = IpLiterals.parse(ip);
            if (address.isEmpty()) {
                invalid.add(ip);
            } else if (allowList.contains(address.get())) {
                allowListed.add(address.get().getHostAddress());
            } else {
                addresses.add(address.get());
            }
        }
        return new Targets(List.copyOf(addresses), List.copyOf(allowListed), List.copyOf(invalid));
    }

    /** True when there is no address to kill and nothing unreadable to report: a close has nothing to do. */
    boolean nothingToKill() {
        return addresses.isEmpty() && invalid.isEmpty();
    }

    List<String> ips() {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }

    static String render(List<InetAddress> addresses) {
        return String.join(
                ",", addresses.stream().map(InetAddress::getHostAddress).toList());
    }
}
