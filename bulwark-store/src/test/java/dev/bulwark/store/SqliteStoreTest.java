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
