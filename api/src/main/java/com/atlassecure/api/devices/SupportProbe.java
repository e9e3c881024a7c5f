package com.atlassecure.api.devices;

import com.atlassecure.api.xray.XrayDevices;
import com.atlassecure.api.xray.XrayDevices.SourceEncoding;
import com.atlassecure.api.xray.XrayException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds out, on the running Xray, whether a block rule would work: it adds a rule for a made-up user and a
 * documentation address (192.0.2.1), asks TestRoute where that user's connections from that address, from another
 * address, and another user's from that address would go, and removes the rule. The rule's source field changed its
 * shape between Xray versions, so both shapes are tried; the one whose answers are exactly right is used.
 */
final class SupportProbe {
    static final String PROBE_TAG = "atlas-device-probe";
    static final String PROBE_EMAIL = "atlas-device-probe@invalid";
    private static final InetAddress PROBE_IP = address(new byte[] {(byte) 192, 0, 2, 1});
    private static final InetAddress OTHER_IP = address(new byte[] {(byte) 192, 0, 2, 2});

    private SupportProbe() {}

    /**
     * The verdict: {@code configGap} is what config.json lacks (empty when nothing), {@code closing} the session
     * closer's status ("supported" when ss can kill sockets here).
     */
    static DeviceSupport run(
            XrayDevices xray,
            String inboundTag,
            String outbound,
            Optional<String> configGap,
            Supplier<String> closing) {
        if (configGap.isPresent()) {
            return DeviceSupport.notEnforced(configGap.get());
        }
        if (!"supported".equals(closing.get())) {
            return DeviceSupport.notEnforced("the API cannot close sessions here (session_closing=" + closing.get()
                    + "), so a blocked device would keep its open connections");
        }
        StringBuilder tried = new StringBuilder();
        for (SourceEncoding encoding : SourceEncoding.values()) {
            try {
                if (routesExactly(xray, inboundTag, outbound, encoding)) {
                    return DeviceSupport.enforced(encoding);
                }
                tried.append(encoding).append(": TestRoute disagreed; ");
            } catch (XrayException e) {
                String message = e.getMessage() == null ? "" : e.getMessage();
                if (message.contains("UNIMPLEMENTED")) {
                    return DeviceSupport.notEnforced(
                            "Xray's api block does not list RoutingService, so no block rule can be added live");
                }
                tried.append(encoding).append(": ").append(message).append("; ");
            } finally {
                removeQuietly(xray);
            }
        }
        return DeviceSupport.notEnforced("a rule for one user and one address did not route to outbound \"" + outbound
                + "\" (" + tried.toString().strip() + " an earlier routing rule may take every connection)");
    }

    private static boolean routesExactly(
            XrayDevices xray, String inboundTag, String outbound, SourceEncoding encoding) {
        xray.removeRule(PROBE_TAG);
        xray.addSourceRule(PROBE_TAG, PROBE_EMAIL, PROBE_IP, outbound, encoding);
        boolean hit = xray.outboundFor(inboundTag, PROBE_EMAIL, PROBE_IP)
                .filter(outbound::equals)
                .isPresent();
        boolean otherAddress = xray.outboundFor(inboundTag, PROBE_EMAIL, OTHER_IP)
                .filter(outbound::equals)
                .isPresent();
        boolean otherUser = xray.outboundFor(inboundTag, PROBE_EMAIL + ".other", PROBE_IP)
                .filter(outbound::equals)
                .isPresent();
        return hit && !otherAddress && !otherUser;
    }

    private static void removeQuietly(XrayDevices xray) {
        try {
            xray.removeRule(PROBE_TAG);
        } catch (XrayException e) {
            // the next probe removes it first; a stray probe rule matches only a made-up user
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
