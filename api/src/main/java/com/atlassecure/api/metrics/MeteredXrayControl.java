package com.atlassecure.api.metrics;

import com.atlassecure.api.xray.UserTraffic;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xray.XrayUserExistsException;
import com.atlassecure.api.xray.XrayUserNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Counts every failed Xray call by method and kind, then rethrows it unchanged. */
public final class MeteredXrayControl implements XrayControl {
    private final XrayControl delegate;
    private final ApiMetrics metrics;

    public MeteredXrayControl(XrayControl delegate, ApiMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public void addUser(String inboundTag, XrayUser user) {
        run("add_user", () -> {
            delegate.addUser(inboundTag, user);
            return null;
        });
    }

    @Override
    public void removeUser(String inboundTag, String email) {
        run("remove_user", () -> {
            delegate.removeUser(inboundTag, email);
            return null;
        });
    }

    @Override
    public List<XrayUser> listUsers(String inboundTag) {
        return run("list_users", () -> delegate.listUsers(inboundTag));
    }

    @Override
    public Optional<XrayUser> findUser(String inboundTag, String email) {
        return run("find_user", () -> delegate.findUser(inboundTag, email));
    }

    @Override
    public long countUsers(String inboundTag) {
        return run("count_users", () -> delegate.countUsers(inboundTag));
    }

    @Override
    public UserTraffic traffic(String email) {
        return run("traffic", () -> delegate.traffic(email));
    }

    @Override
    public java.util.Map<String, UserTraffic> allTraffic() {
        return run("all_traffic", delegate::allTraffic);
    }

    @Override
    public Map<String, Long> onlineIps(String email) {
        return run("online_ips", () -> delegate.onlineIps(email));
    }

    @Override
    public List<String> onlineEmails() {
        return run("online_emails", delegate::onlineEmails);
    }

    @Override
    public com.atlassecure.api.xray.XrayDevices devices() {
        // The device limit's calls run on its own timer, a few per pass; they are timed by its pass, not here.
        return delegate.devices();
    }

    @Override
    public long uptimeSeconds() {
        return run("sys_stats", delegate::uptimeSeconds);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T run(String method, Supplier<T> call) {
        try {
            return call.get();
        } catch (XrayException e) {
            metrics.grpcError(method, kind(e));
            throw e;
        }
    }

    private static String kind(XrayException e) {
        if (e instanceof XrayUnavailableException) {
            return "unavailable";
        } else if (e instanceof XrayUserExistsException) {
            return "already_exists";
        } else if (e instanceof XrayUserNotFoundException) {
            return "not_found";
        }
        return "other";
    }
}
