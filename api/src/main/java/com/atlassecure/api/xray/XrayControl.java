package com.atlassecure.api.xray;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Control of the running Xray: its live users and its stats. Every method either does what it says or throws an
 * {@link XrayException}; nothing Xray reports is swallowed. Implementations are thread-safe.
 */
public interface XrayControl extends AutoCloseable {

    /** Adds a live user to the inbound; {@link XrayUserExistsException} when the email is taken. */
    void addUser(String inboundTag, XrayUser user);

    /** Removes a live user by email; {@link XrayUserNotFoundException} when there is none. */
    void removeUser(String inboundTag, String email);

    /** The live users of the inbound (GetInboundUsers). */
    List<XrayUser> listUsers(String inboundTag);

    /** The live user with this email, if any. */
    Optional<XrayUser> findUser(String inboundTag, String email);

    /** How many users the inbound holds live (GetInboundUsersCount). */
    long countUsers(String inboundTag);

    /** The user's uplink and downlink counters, zero where Xray has not created them yet. */
    UserTraffic traffic(String email);

    /** Every user's counters in one query, by email; users Xray has no counter for yet are absent. */
    Map<String, UserTraffic> allTraffic();

    /** The IPs the user is online from, with their last-seen unix seconds; empty when offline. */
    Map<String, Long> onlineIps(String email);

    /** The emails of every user online now (GetAllOnlineUsers); like {@link #onlineIps}, needs statsUserOnline. */
    List<String> onlineEmails();

    /** The device limit's reads and live routing rules, over the same connection to Xray. */
    XrayDevices devices();

    /** Seconds since Xray started (GetSysStats); it goes down when Xray restarts. */
    long uptimeSeconds();

    @Override
    void close();
}
