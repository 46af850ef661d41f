package dev.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {
    @TempDir
    Path directory;

    @Override
    protected Store openFreshStore() {
        return Store.open(StoreSettings.of("jdbc:sqlite:" + directory.resolve("nested/bulwark.db")));
    }

    @Test
    void whenADatabaseFromBeforeV21IsOpenedThenEachSessionKeepsOnlyItsCurrentRefreshTokenAsGenerationZero()
            throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("v20.db");
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations(Dialect.SQLITE.migrations())
                .target("20").load().migrate();
        try (var db = DriverManager.getConnection(url); var sql = db.createStatement()) {
            sql.executeUpdate("INSERT INTO users (id, username, username_key, status, created_at, updated_at) VALUES "
                    + "('00000000-0000-0000-0000-000000000001', 'alice', 'alice', 'ACTIVE', 1000, 1000)");
            sql.executeUpdate("INSERT INTO devices (id, user_id, installation_id, first_seen, last_seen) VALUES "
                    + "('device-0000000000001', '00000000-0000-0000-0000-000000000001', 'install-1', 1000, 1000)");
            sql.executeUpdate("INSERT INTO sessions (id, user_id, client_id, device_id, scopes, created_at, "
                    + "last_active_at, auth_time, acr, amr) VALUES ('session-00000000001', "
                    + "'00000000-0000-0000-0000-000000000001', 'shop-app', 'device-0000000000001', 'openid', 1000, "
                    + "3000, 1000, 'urn:bulwark:aal1', 'pwd')");
            sql.executeUpdate("INSERT INTO refresh_tokens (digest, session_id, client_id, issued_at, superseded_at) "
                    + "VALUES ('first', 'session-00000000001', 'shop-app', 1000, 2000), "
                    + "('second', 'session-00000000001', 'shop-app', 2000, 3000), "
                    + "('current', 'session-00000000001', 'shop-app', 3000, NULL)");
        }

        try (Store migrated = Store.open(StoreSettings.of(url))) {
            var session = new dev.bulwark.core.session.SessionId("session-00000000001");
            assertThat(migrated.legacyRefreshTokens().sessionOf("current")).contains(session);
            assertThat(migrated.legacyRefreshTokens().sessionOf("first")).isEmpty();
            assertThat(migrated.legacyRefreshTokens().sessionOf("second")).isEmpty();
            assertThat(migrated.sessions().find(session).orElseThrow().refresh()).isEqualTo(
                    new dev.bulwark.core.session.RefreshGeneration(0, java.time.Instant.ofEpochMilli(3000)));
        }
    }

    @Test
    void whenTheCallerIsInterruptedThenItStillLearnsThatItsWriteCommittedAndKeepsTheInterrupt() {
        // Writes run on the writer thread: an interrupt must not make a committed write look failed.
        var alice = new dev.bulwark.core.identity.User(dev.bulwark.core.identity.UserId.random(),
                dev.bulwark.core.identity.Username.of("alice"), java.util.Optional.empty(),
                java.util.Optional.empty(), dev.bulwark.core.identity.UserStatus.ACTIVE, java.util.Set.of(),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Thread.currentThread().interrupt();
        try {
            store.transactions().run(() -> store.users().insert(alice));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(store.users().findById(alice.id())).isPresent();
    }

    /** Marks that the recording in the test below works: it records this event. */
    @jdk.jfr.Name("bulwark.test.RecordingWorks")
    static final class RecordingWorks extends jdk.jfr.Event {
    }

    @Test
    void whenAFlightRecordingRunsThenNoStatementOrBoundValueIsInIt() throws Exception {
        Path file = directory.resolve("recording.jfr");
        try (var recording = new jdk.jfr.Recording()) {
            recording.enable("jdbi.statement");
            recording.enable(RecordingWorks.class);
            recording.start();
            store.users().findByUsername(dev.bulwark.core.identity.Username.of("alice"));
            store.replayCache().firstUse("a-secret-digest", java.time.Instant.now(),
                    java.time.Instant.now().plusSeconds(60));
            new RecordingWorks().commit();
            recording.stop();
            recording.dump(file);
        }
        var types = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                .map(event -> event.getEventType().getName()).toList();

        assertThat(types).contains("bulwark.test.RecordingWorks").doesNotContain("jdbi.statement");
        assertThat(java.nio.file.Files.readAllBytes(file)).asString(java.nio.charset.StandardCharsets.ISO_8859_1)
                .doesNotContain("a-secret-digest");
    }

    @Test
    void whenOpenedThenWalModeAndForeignKeysOn() throws Exception {
        assertThat(store.dialect()).isEqualTo(Dialect.SQLITE);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("nested/bulwark.db"));
             var result = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(result.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void whenReopenedThenDataAndSchemaKept() {
        store.users().insert(new dev.bulwark.core.identity.User(dev.bulwark.core.identity.UserId.random(),
                dev.bulwark.core.identity.Username.of("kept"), java.util.Optional.empty(), java.util.Optional.empty(),
                dev.bulwark.core.identity.UserStatus.ACTIVE, java.util.Set.of(), java.time.Instant.now(),
                java.time.Instant.now()));
        store.close();

        store = openFreshStore();

        assertThat(store.users().findByUsername(dev.bulwark.core.identity.Username.of("kept"))).isPresent();
        assertThat(store.ping(java.time.Duration.ofSeconds(1))).isTrue();
    }
}
