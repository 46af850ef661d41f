package dev.bulwark.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Role;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.ChallengeSignIn;
import dev.bulwark.server.support.TestAdministrator;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review, item 7: administration was as weak as any sign-in. Now it comes only from an app for
 * administration, after two factors, no longer than admin.maxAuthAge (15 minutes) ago, in short sessions.
 */
class AdminAccessTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    /** Mid-step, so that the authenticator's next steps are certain. */
    private static final MovableClock CLOCK = new MovableClock(Instant.ofEpochSecond(
            (Instant.now().getEpochSecond() / 30) * 30 + 10));
    private static final AtomicInteger ADMINS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), CLOCK, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        TestAdministrator.registerConsole(server.bulwark());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestAdministrator newAdministrator() {
        return TestAdministrator.create(server.bulwark(), "admin" + ADMINS.incrementAndGet(), PASSWORD, CLOCK);
    }

    private static HttpResponse<String> listApps(JsonNode tokens) {
        return ApiCalls.get(base, "admin/v1/apps", tokens.get("access_token").asText());
    }

    private static JsonNode refresh(JsonNode tokens) {
        HttpResponse<String> refreshed = TestLogin.refresh(base, TestAdministrator.CONSOLE,
                tokens.get("refresh_token").asText());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        return TestOAuth.json(refreshed);
    }

    @Test
    void whenAnAdministratorSignsInWithThePasswordAloneThenASecondFactorIsAskedForAndNoCodeIssued() {
        TestAdministrator admin = newAdministrator();

        JsonNode asked = new ChallengeSignIn(base, TestAdministrator.CONSOLE, "openid bulwark:admin")
                .send("username", admin.username(), "password", PASSWORD);

        assertThat(asked.get("error").asText()).isEqualTo("insufficient_authorization");
        assertThat(asked.get("factors")).extracting(JsonNode::asText).contains("totp");
        assertThat(asked.has("authorization_code")).isFalse();
    }

    @Test
    void whenAnAdministratorWithoutASecondFactorSignsInThenTheyEnrolOneFirst() {
        server.bulwark().accounts().create(new NewUser(Username.of("fresh-admin"), Optional.empty(), Optional.empty(),
                Set.of(Role.ADMIN)), Optional.of(Password.of(PASSWORD)), false, Actor.SYSTEM);

        JsonNode asked = new ChallengeSignIn(base, TestAdministrator.CONSOLE, "openid bulwark:admin")
                .send("username", "fresh-admin", "password", PASSWORD);

        assertThat(asked.get("error").asText()).isEqualTo("insufficient_authorization");
        assertThat(asked.get("enroll")).extracting(JsonNode::asText).containsExactly("totp");
    }

    @Test
    void whenTheTwoFactorSignInIsOlderThanTheMaximumThenTheAdminApiAsksForANewOne() throws Exception {
        JsonNode tokens = newAdministrator().signIn(base, CLOCK, 1);
        assertThat(SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet().getStringClaim("acr"))
                .isEqualTo("urn:bulwark:aal2");
        assertThat(listApps(tokens).statusCode()).isEqualTo(200);

        for (int i = 0; i < 4; i++) { // kept busy, so the session lives on: only the sign-in grows old
            CLOCK.advance(Duration.ofMinutes(4));
            tokens = refresh(tokens);
        }
        HttpResponse<String> stale = listApps(tokens);

        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("insufficient_user_authentication").contains("max_age=900")
                .contains("acr_values=\"urn:bulwark:aal2\"");
    }

    @Test
    void whenAnAdminSessionIsIdleForFifteenMinutesThenItEnds() {
        JsonNode tokens = newAdministrator().signIn(base, CLOCK, 1);

        CLOCK.advance(Duration.ofMinutes(16));

        assertThat(TestLogin.refresh(base, TestAdministrator.CONSOLE, tokens.get("refresh_token").asText())
                .statusCode()).isEqualTo(400);
    }

    @Test
    void whenTheAppIsNoLongerForAdministrationThenItsTokensLoseTheAdminApiAtOnce() {
        JsonNode tokens = newAdministrator().signIn(base, CLOCK, 1);
        assertThat(listApps(tokens).statusCode()).isEqualTo(200);
        var console = server.bulwark().apps().find(new ClientId(TestAdministrator.CONSOLE)).orElseThrow()
                .definition();
        server.bulwark().apps().update(console.toBuilder().administration(false).scopes(Scopes.parse("openid"))
                .build(), Actor.SYSTEM);
        try {
            assertThat(listApps(tokens).statusCode()).isEqualTo(403);
        } finally {
            server.bulwark().apps().update(console, Actor.SYSTEM);
        }
    }
}
