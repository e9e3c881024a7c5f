package com.atlassecure.bot.storage;

import com.atlassecure.bot.config.DatabaseSettings;
import com.atlassecure.bot.config.DatabaseSettings.Dialect;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database: a HikariCP pool, Flyway migrations for the dialect, and JDBI on top. SQLite gets a pool of one
 * connection: SQLite has a single writer anyway, and one connection turns lock contention into orderly queueing
 * instead of SQLITE_BUSY errors. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
        // A failed statement's message names its SQL, never its bound values: those are keys, links and subscription
        // tokens, which every error line would otherwise carry into the log.
        this.jdbi
                .getConfig(StatementExceptions.class)
                .setMessageRendering(e -> e.getShortMessage() + " [statement:\""
                        + shortened(e.getStatementContext().getRawSql()) + "\"]");
    }

    private static String shortened(String sql) {
        return sql == null || sql.length() <= 240 ? String.valueOf(sql) : sql.substring(0, 240) + "...";
    }

    /** Opens the pool and migrates the schema; fails fast when the database is unreachable. */
    public static Database open(DatabaseSettings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(settings.jdbcUrl());
        hikari.setPoolName("atlas-bot-db");
        if (settings.user() != null) {
            hikari.setUsername(settings.user());
        }
        if (settings.password() != null) {
            hikari.setPassword(settings.password());
        }
        if (settings.dialect() == Dialect.SQLITE) {
            createParentDirectory(settings.jdbcUrl());
            hikari.setMaximumPoolSize(1);
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "FULL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", "10000");
        } else {
            hikari.setMaximumPoolSize(10);
            // PostgreSQL's error detail quotes the row ("Key (token)=(...) already exists"): never into a message.
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
        }
        hikari.setConnectionTimeout(30_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            String location = settings.dialect() == Dialect.SQLITE ? "sqlite" : "postgresql";
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + location)
                    .load()
                    .migrate();
            log.info(
                    "event=database_ready dialect={} migrations_applied={} schema_version={}",
                    settings.dialect(),
                    result.migrationsExecuted,
                    result.targetSchemaVersion);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, settings.dialect());
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        return jdbi.inTransaction(callback);
    }

    public void useTransaction(HandleConsumer<RuntimeException> consumer) {
        jdbi.useTransaction(consumer);
    }

    public <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        return jdbi.withHandle(callback);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void createParentDirectory(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file::memory")) {
            return;
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SQLite directory " + parent, e);
        }
    }
}
