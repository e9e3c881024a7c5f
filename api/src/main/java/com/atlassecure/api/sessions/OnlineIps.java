package com.atlassecure.api.sessions;

import com.atlassecure.api.xray.XrayControl;
import java.util.List;
import java.util.Map;

/**
 * The two reads session closing makes of Xray's per-user online maps (they exist only where the user's level has
 * {@code statsUserOnline: true}); a user who was never online reads as empty. A seam so the unit tests' fake host
 * answers two questions, not all of {@link XrayControl}; production reads through {@link #over}.
 */
interface OnlineIps {
    /** The user's live source IPs as Xray writes them (IPv6 in brackets), each with its last-seen unix time. */
    Map<String, Long> ipsOf(String email);

    /** The emails of every user online now. */
    List<String> onlineEmails();

    /** The API's one gRPC port to Xray, so closing shares its channel, deadlines and error translation. */
    static OnlineIps over(XrayControl xray) {
        return new OnlineIps() {
            @Override
            public Map<String, Long> ipsOf(String email) {
                return xray.onlineIps(email);
            }

            @Override
            public List<String> onlineEmails() {
                return xray.onlineEmails();
            }
        };
    }
}
