package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.TestConfigs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away while Bulwark runs: readiness turns red, work fails closed with UNAVAILABLE and changes
 * nothing, and everything recovers by itself when the database is back. A real PostgreSQL is stopped and
 * restarted on the same port and data directory.
 */
class DatabaseOutageTest {
    @TempDir
    Path directory;

    private EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitStatus(URI base, int status) throws InterruptedException {
        IntSupplier ready = () -> Http.get(base, "health/ready").statusCode();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (ready.getAsInt() != status) {
            assertThat(Instant.now()).as("readiness became " + status).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void whenDatabaseLostThenReadinessRedAndFailClosedThenRecovers() throws Exception {
        Path data = directory.resolve("pg");
        int port = freePort();
        EmbeddedPostgres postgres = startPostgres(data, port);
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE bulwark");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/bulwark";
        var config = TestConfigs.config(directory, "BULWARK_STORAGE_URL", url, "BULWARK_STORAGE_USERNAME", "postgres",
                "BULWARK_STORAGE_CONNECT_TIMEOUT", "1s", "BULWARK_STORAGE_POOL_SIZE", "3");
        try (BulwarkServer server = BulwarkServer.start(config, Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()))) {
            URI base = server.url().resolve("/");
            var accounts = server.bulwark().accounts();
            assertThat(Http.get(base, "health/ready").statusCode()).isEqualTo(200);

            postgres.close();

            awaitStatus(base, 503);
            assertThat(Http.get(base, "health/live").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> accounts.create(NewUser.named(Username.of("during-outage")),
                    Optional.of(Password.of("violet tractor sings under 7 moons")), false, Actor.SYSTEM))
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

            postgres = startPostgres(data, port);

            awaitStatus(base, 200);
            assertThat(accounts.find("during-outage")).isEmpty();
            accounts.create(NewUser.named(Username.of("after-outage")), Optional.empty(), false, Actor.SYSTEM);
            try (var connection = DriverManager.getConnection(url, "postgres", "");
                 var result = connection.createStatement().executeQuery("SELECT count(*) FROM users")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(2); // the bootstrap administrator and after-outage
            }
        } finally {
            postgres.close();
        }
    }
}
