package com.atlassecure.api.users;

import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xray.XrayUserExistsException;
import com.atlassecure.api.xray.XrayUserNotFoundException;
import com.atlassecure.contract.validation.Uuids;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Idempotent live changes: the one place that turns "make this user live" into Xray calls. */
final class LiveUsers {
    private static final Logger log = LoggerFactory.getLogger(LiveUsers.class);

    private LiveUsers() {}

    /**
     * Makes exactly this account live under its email: adds it, or when Xray says the email exists, checks the live
     * account and replaces it if its id or flow differ (a user without flow is as good as absent).
     */
    static LiveOutcome ensure(XrayControl xray, String inboundTag, XrayUser user) {
        return ensure(xray, inboundTag, user, false);
    }

    /** As {@link #ensure(XrayControl, String, XrayUser)}, looking the user up first when it is expected to be live. */
    static LiveOutcome ensure(XrayControl xray, String inboundTag, XrayUser user, boolean expectLive) {
        if (expectLive) {
            Optional<XrayUser> live = xray.findUser(inboundTag, user.email());
            if (live.isEmpty()) {
                return addOrReplace(xray, inboundTag, user);
            }
            return live.get().sameAccount(user.id(), user.flow())
                    ? LiveOutcome.ALREADY_LIVE
                    : replace(xray, inboundTag, user, live);
        }
        return addOrReplace(xray, inboundTag, user);
    }

    private static LiveOutcome addOrReplace(XrayControl xray, String inboundTag, XrayUser user) {
        try {
            xray.addUser(inboundTag, user);
            return LiveOutcome.ADDED;
        } catch (XrayUserExistsException e) {
            Optional<XrayUser> live = xray.findUser(inboundTag, user.email());
            if (live.isPresent() && live.get().sameAccount(user.id(), user.flow())) {
                return LiveOutcome.ALREADY_LIVE;
            }
            return replace(xray, inboundTag, user, live);
        }
    }

    private static LiveOutcome replace(XrayControl xray, String inboundTag, XrayUser user, Optional<XrayUser> live) {
        log.warn(
                "event=live_user_replaced email={} live_id={} live_flow={} wanted_id={}",
                user.email(),
                live.map(u -> Uuids.shortForm(u.id())).orElse("none"),
                live.map(u -> u.flow().isEmpty() ? "none" : u.flow()).orElse("none"),
                Uuids.shortForm(user.id()));
        try {
            xray.removeUser(inboundTag, user.email());
        } catch (XrayUserNotFoundException gone) {
            // removed concurrently behind our back: the add below is all that is needed
        }
        xray.addUser(inboundTag, user);
        return LiveOutcome.REPLACED;
    }

    /** Makes the email absent live. */
    static LiveOutcome remove(XrayControl xray, String inboundTag, String email) {
        try {
            xray.removeUser(inboundTag, email);
            return LiveOutcome.REMOVED;
        } catch (XrayUserNotFoundException e) {
            return LiveOutcome.WAS_ABSENT;
        }
    }
}
