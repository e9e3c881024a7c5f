package com.atlassecure.api.config;

/** A parsed {@code host:port} (IPv6 in brackets), as used by API_LISTEN and XRAY_GRPC_ADDRESS. */
public record HostPort(String host, int port) {

    public static HostPort parse(String setting, String raw) {
        String value = raw.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new SettingsException(setting + " must be host:port, got '" + raw + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new SettingsException(setting + " must put an IPv6 host in brackets, got '" + raw + "'");
        }
        return new HostPort(host, new Env(java.util.Map.of()).integer(setting, value.substring(colon + 1), 0, 65535));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
