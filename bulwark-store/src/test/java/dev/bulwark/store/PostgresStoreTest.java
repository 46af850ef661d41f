package dev.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.store.testing.EmbeddedPostgresServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContract {

    @Override
    protected Store openFreshStore() {
        return Store.open(StoreSettings.of(EmbeddedPostgresServer.freshDatabaseUrl()));
    }

    @Test
    void whenOpenedThenPostgresDialectAndReachable() {
        assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(store.ping(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void whenDatabaseUnreachableAtStartThenOneLineErrorWithoutCredentials() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var settings = new StoreSettings("jdbc:postgresql://127.0.0.1:" + closedPort + "/bulwark?password=s3cr3t-in-url",
                Optional.of("bulwark"), Optional.of("s3cr3t-setting"), 2, Duration.ofSeconds(1), Optional.empty());

        assertThatThrownBy(() -> Store.open(settings)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.getMessage()).startsWith("cannot connect to the database at jdbc:postgresql://127.0.0.1:")
                    .doesNotContain("s3cr3t").doesNotContain("\n");
        });
        assertThat(settings.toString()).doesNotContain("s3cr3t");
    }
}
