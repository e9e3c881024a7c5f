package com.atlassecure.api.sessions;

import java.util.List;
import java.util.Map;

/**
 * Who is online, from Xray's per-user online maps (they exist only where the user's level has
 * {@code statsUserOnline: true}). A user who was never online has no map: that reads as empty/0.
 */
public interface OnlineIps {
    /** The user's live source IPs as Xray writes them (IPv6 in brackets), each with its last-seen unix time. */
    Map<String, Long> ipsOf(String email);

    /** How many distinct IPs the user is online from. */
    long onlineCount(String email);

    /** The emails of every user online now. */
    List<String> onlineEmails();
}
