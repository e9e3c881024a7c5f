package com.atlassecure.bot.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Column helpers shared by the repositories: times are stored as epoch milliseconds in both dialects. */
public final class Rows {
    private Rows() {}

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** The column as an Integer, null when SQL NULL. */
    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    public static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
