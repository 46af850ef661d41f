package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.TokenPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.crypto.TokenDigest;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh tokens that are not stored (issue 23): a refresh adds no row, a token of any earlier generation is still
 * recognised as a replay, a forged or altered one is refused without harming the session, a token from before the
 * migration still works once, and ended sessions are swept. Over HTTP, on SQLite.
 */
class RefreshTokenFamilyTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static MovableClock clock = new MovableClock(Instant.now());

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), clock, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        var bulwark = server.bulwark();
        bulwark.accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        bulwark.apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        AppDefinition strict = TestApps.nativeApp("strict-app");
        bulwark.apps().create(strict.toBuilder().tokens(new TokenPolicy(Duration.ofMinutes(5), Duration.ZERO)).build(),
                Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String signIn(String clientId) {
        return TestOAuth.passwordSignIn(base, clientId, "alice", PASSWORD).get("refresh_token").asText();
    }

    private static HttpResponse<String> refresh(String clientId, String refreshToken) {
        return TestOAuth.refresh(base, clientId, refreshToken);
    }

    private static String refreshed(String clientId, String refreshToken) {
        HttpResponse<String> response = refresh(clientId, refreshToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestOAuth.json(response).get("refresh_token").asText();
    }

    private static String error(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = TestOAuth.json(response);
        return body.get("error").asText() + ": " + body.get("error_description").asText();
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("data/bulwark.db"));
    }

    /** How many rows each table holds. */
    private static Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection db = database()) {
            List<String> tables = new ArrayList<>();
            try (var rs = db.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var rs = db.createStatement().executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static byte[] bytes(String token) {
        return Base64.getUrlDecoder().decode(token);
    }

    private static String token(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The session a token names: the ASCII bytes after the version and length bytes. */
    private static String sessionOf(String token) {
        byte[] bytes = bytes(token);
        return new String(bytes, 2, bytes[1], StandardCharsets.US_ASCII);
    }

    @Test
    void whenASessionRefreshesHundredsOfTimesThenTheDatabaseHoldsNoMoreRows() throws Exception {
        String token = refreshed("shop-app", signIn("shop-app"));
        Map<String, Long> before = rowCounts();

        for (int i = 0; i < 300; i++) {
            token = refreshed("shop-app", token);
        }

        assertThat(rowCounts()).as("a refresh adds no row anywhere").isEqualTo(before);
        assertThat(before.get("refresh_tokens")).isZero();
    }

    @Test
    void whenATokenManyGenerationsOldComesBackThenItIsAReplayAndTheSessionEnds() {
        List<String> family = new ArrayList<>(List.of(signIn("shop-app")));
        for (int i = 0; i < 20; i++) {
            family.add(refreshed("shop-app", family.getLast()));
        }

        assertThat(error(refresh("shop-app", family.get(3)))).startsWith("invalid_grant: The refresh token was "
                + "already used");
        assertThat(error(refresh("shop-app", family.getLast()))).as("the newest dies with the session")
                .startsWith("invalid_grant");
        assertThat(server.bulwark().audit().latest(5))
                .anySatisfy(r -> assertThat(r.type()).isEqualTo("refresh_token.reused"));
    }

    @Test
    void whenATokenIsForgedOrAlteredThenItIsRefusedAndTheSessionLivesOn() {
        String current = refreshed("shop-app", signIn("shop-app"));
        String otherSession = signIn("shop-app");
        byte[] genuine = bytes(current);

        byte[] badTag = genuine.clone();
        badTag[badTag.length - 1] ^= 1;
        byte[] laterGeneration = genuine.clone();
        int generationAt = 2 + genuine[1];
        ByteBuffer.wrap(laterGeneration, generationAt, 8).putLong(7);
        byte[] earlierGeneration = genuine.clone();
        ByteBuffer.wrap(earlierGeneration, generationAt, 8).putLong(0);
        byte[] anotherSession = genuine.clone(); // this token's tag on the other session's id
        System.arraycopy(sessionOf(otherSession).getBytes(StandardCharsets.US_ASCII), 0, anotherSession, 2,
                genuine[1]);

        for (byte[] forged : List.of(badTag, laterGeneration, earlierGeneration, anotherSession)) {
            assertThat(error(refresh("shop-app", token(forged)))).isEqualTo("invalid_grant: The refresh token is not "
                    + "valid.");
        }
        assertThat(error(refresh("shop-app", "not a token at all"))).startsWith("invalid_grant");
        assertThat(refreshed("shop-app", current)).as("a forged earlier generation is no replay").isNotBlank();
        assertThat(refreshed("shop-app", otherSession)).isNotBlank();
    }

    @Test
    void whenATokenFromBeforeTheMigrationIsUsedThenItRotatesOnceIntoTheNewFormAndIsAReplayAfter() throws Exception {
        String session = sessionOf(signIn("strict-app"));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String legacy = token(random); // what tokens looked like: 32 random bytes, stored as their SHA-256
        try (Connection db = database(); var insert = db.prepareStatement("INSERT INTO refresh_tokens (digest, "
                + "session_id, client_id, issued_at) VALUES (?, ?, 'strict-app', ?)")) {
            insert.setString(1, TokenDigest.of(legacy));
            insert.setString(2, session);
            insert.setLong(3, clock.instant().toEpochMilli());
            insert.executeUpdate();
        }

        String next = refreshed("strict-app", legacy);

        assertThat(sessionOf(next)).isEqualTo(session);
        assertThat(error(refresh("strict-app", legacy))).startsWith("invalid_grant: The refresh token was already "
                + "used");
        assertThat(error(refresh("strict-app", next))).as("ended with its session").startsWith("invalid_grant");
    }

    @Test
    void whenSessionsEndThenTheSweepDeletesThemAndTheirTokensAreRefused() throws Exception {
        String idle = signIn("shop-app");
        String signedOut = signIn("strict-app");
        assertThat(Form.of("token", signedOut, "client_id", "strict-app").post(base, "oauth2/revoke").statusCode())
                .isEqualTo(200);
        var sessions = server.bulwark().protocol().sessions();

        clock.advance(Duration.ofMinutes(31)); // shop-app's sessions idle out after 30 minutes
        try {
            String fresh = signIn("shop-app");
            int deleted = sessions.sweep(server.bulwark().apps().list());

            assertThat(deleted).isGreaterThanOrEqualTo(2);
            try (Connection db = database(); var query = db.prepareStatement("SELECT count(*) FROM sessions WHERE "
                    + "id IN (?, ?, ?)")) {
                query.setString(1, sessionOf(idle));
                query.setString(2, sessionOf(signedOut));
                query.setString(3, sessionOf(fresh));
                try (var rs = query.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("only the fresh session is left").isEqualTo(1);
                }
            }
            assertThat(error(refresh("shop-app", idle))).isEqualTo("invalid_grant: The session has ended.");
            assertThat(refreshed("shop-app", fresh)).isNotBlank();
        } finally {
            clock.advance(Duration.ofMinutes(-31));
        }
    }
}
