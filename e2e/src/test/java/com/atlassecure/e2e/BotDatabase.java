package com.atlassecure.e2e;

import com.atlassecure.testkit.postgres.PostgresFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The bot's two storage backends: SQLite (its default) and PostgreSQL (production on Railway). */
enum BotDatabase {
    SQLITE {
        @Override
        Opened open(Path dir) {
            return new Opened("jdbc:sqlite:" + dir.resolve("atlas-bot.db"), () -> {});
        }
    },
    POSTGRESQL {
        @Override
        Opened open(Path dir) {
            PostgresFixture postgres = PostgresFixture.create();
            return new Opened(railwayUrl(postgres), postgres::close);
        }
    };

    /** A ready database: the bot's DATABASE_URL, and how to drop it afterwards. */
    record Opened(String databaseUrl, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }

    abstract Opened open(Path dir);

    /** Railway hands the bot postgres://user:pass@host:port/db; tests give it the same shape. */
    static String railwayUrl(PostgresFixture postgres) {
        URI jdbc = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
        return "postgres://" + encode(postgres.user()) + ":" + encode(postgres.password()) + "@" + jdbc.getHost() + ":"
                + jdbc.getPort() + jdbc.getPath();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
