package com.atlassecure.api.xray;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the device limit reads from and writes to the running Xray: every user's online addresses, and live routing
 * rules that send one user's connections from one address to a blackhole outbound. Like {@link XrayControl}, every
 * method does what it says or throws an {@link XrayException}.
 */
public interface XrayDevices {

    /** How field 11 of a routing rule (its source addresses) is encoded; it changed between Xray versions. */
    enum SourceEncoding {
        /** Xray 26.3.27 and older: GeoIP-shaped entries holding the CIDRs. */
        GEOIP_CIDRS,
        /** Xray 26.7.28: IPRule entries holding one custom CIDR rule each. */
        IP_RULE
    }

    /** Each online user's addresses (as Xray writes them, IPv6 in brackets) with their last-seen unix seconds. */
    Map<String, Map<String, Long>> onlineByUser();

    /** Appends a rule tagged {@code ruleTag}: connections of {@code email} from {@code source} go to {@code outbound}. */
    void addSourceRule(String ruleTag, String email, InetAddress source, String outbound, SourceEncoding encoding);

    /** Removes the rule with this tag; removing a tag Xray does not hold is not an error. */
    void removeRule(String ruleTag);

    /** The tags of every live routing rule that has one. */
    Set<String> ruleTags();

    /**
     * The outbound Xray would pick for a connection of {@code email} from {@code source} on {@code inboundTag}, asked
     * through TestRoute; empty when no rule matches it.
     */
    Optional<String> outboundFor(String inboundTag, String email, InetAddress source);
}
