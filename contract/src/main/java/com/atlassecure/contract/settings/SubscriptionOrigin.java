package com.atlassecure.contract.settings;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The public origin of the bot's subscription URLs (SUBSCRIPTION_BASE_URL): an http(s) origin with nothing after the
 * host and port, and https unless the host is loopback, because the URL is a bearer secret. The bot's start-up and
 * {@code doctor --bot-env} both read it here, so they refuse the same values with the same words.
 */
public final class SubscriptionOrigin {
    public static final String VARIABLE = "SUBSCRIPTION_BASE_URL";

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private SubscriptionOrigin() {}

    /**
     * The origin {@code raw} names, as {@code scheme://host[:port]}.
     *
     * @throws InvalidSettingException naming {@code name} when it is not such an origin
     */
    public static URI parse(String name, String raw) {
        URI uri;
        try {
            uri = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(name + " is not a valid URL: '" + raw + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidSettingException(name + " must be an http(s) URL with a host, got '" + raw + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidSettingException(name + " must not carry credentials in the URL");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(name + " must be an origin like https://sub.example.com (the bot adds"
                    + " /sub/<token>), got '" + raw + "'");
        }
        if (!scheme.equals("https") && !loopback(uri.getHost())) {
            throw new InvalidSettingException(name + " must be https unless its host is loopback: a subscription URL"
                    + " is a bearer secret, got " + uri);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    static boolean loopback(String host) {
        return host.equals("localhost")
                || LOOPBACK_V4.matcher(host).matches()
                || host.equals("[::1]")
                || host.equals("::1");
    }
}
