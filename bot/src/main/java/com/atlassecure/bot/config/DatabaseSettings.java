package com.atlassecure.bot.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the bot keeps its state. {@code DATABASE_URL} may be a JDBC URL, or {@code postgres://user:pass@host:port/db}
 * as Railway and Heroku hand it out; the password never appears in {@link #toString()}.
 */
public record DatabaseSettings(Dialect dialect, String jdbcUrl, String user, String password) {
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/atlas-bot.db";

    /** SQL dialects the migrations and queries are written for. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    public static DatabaseSettings parse(String raw) {
        String url = raw == null || raw.isBlank() ? DEFAULT_URL : raw.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return new DatabaseSettings(Dialect.SQLITE, url, null, null);
        }
        if (lower.startsWith("sqlite:")) {
            return new DatabaseSettings(Dialect.SQLITE, "jdbc:" + url, null, null);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return new DatabaseSettings(Dialect.POSTGRESQL, url, null, null);
        }
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            return fromPostgresUri(url);
        }
        throw new ConfigException("DATABASE_URL must be jdbc:sqlite:..., jdbc:postgresql:... or"
                + " postgres://user:pass@host:port/db, got scheme '" + scheme(url) + "'");
    }

    private static DatabaseSettings fromPostgresUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DATABASE_URL is not a valid postgres:// URI ("
                    + e.getMessage().replace(url, "<DATABASE_URL>") + ")");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new ConfigException("DATABASE_URL postgres:// URI needs a host and a database name, got host="
                    + uri.getHost() + " path=" + uri.getPath());
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseSettings(Dialect.POSTGRESQL, jdbc, user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? url.length() > 10 ? url.substring(0, 10) + "…" : url : url.substring(0, colon);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[dialect=" + dialect + ", jdbcUrl="
                + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***") + ", user=" + user + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
