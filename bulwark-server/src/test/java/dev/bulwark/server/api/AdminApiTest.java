package dev.bulwark.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestAdministrator;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over real HTTP: a user's sessions, disabling, unlocking, and apps. */
class AdminApiTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String adminToken;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_PROTECTION_ACCOUNTS_DELAY_AFTER", "3",
                        "BULWARK_PROTECTION_ACCOUNTS_LOCK_AFTER", "3"), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().apps().create(TestApps.nativeAppBuilder("shop-app").name("Shop").build(), Actor.SYSTEM);
        TestAdministrator.registerConsole(server.bulwark());
        adminToken = TestAdministrator.create(server.bulwark(), "root", PASSWORD, Clock.systemUTC())
                .signIn(base, Clock.systemUTC(), 1).get("access_token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newUser() {
        String name = "member" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        return name;
    }

    private static JsonNode signIn(String name) {
        return TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", name + "-phone");
    }

    private static boolean refreshes(JsonNode tokens) {
        return TestLogin.refresh(base, "shop-app", tokens.get("refresh_token").asText()).statusCode() == 200;
    }

    @Test
    void whenAnAdministratorEndsAUsersSessionsThenTheyAreCutOffAtOnce() {
        String name = newUser();
        JsonNode phone = signIn(name);
        JsonNode listed = TestOAuth.json(ApiCalls.get(base, "admin/v1/users/" + name + "/sessions", adminToken));
        assertThat(listed.get("sessions")).hasSize(1);

        HttpResponse<String> ended = ApiCalls.call(base, "DELETE", "admin/v1/users/" + name + "/sessions", adminToken,
                null);

        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(TestOAuth.json(ended).get("signed_out").asInt()).isEqualTo(1);
        assertThat(refreshes(phone)).isFalse();
        assertThat(ApiCalls.get(base, "account/v1/devices", phone.get("access_token").asText()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void whenAnAdministratorDisablesAUserThenEverySessionEndsAndSignInFails() {
        String name = newUser();
        JsonNode phone = signIn(name);

        HttpResponse<String> disabled = ApiCalls.call(base, "POST", "admin/v1/users/" + name + "/disable", adminToken,
                null);

        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(TestOAuth.json(disabled).get("status").asText()).isEqualTo("disabled");
        assertThat(refreshes(phone)).isFalse();
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        assertThat(Form.of("client_id", "shop-app", "response_type", "code", "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256", "username", name, "password", PASSWORD)
                .post(base, "oauth2/authorize-challenge").statusCode()).isEqualTo(400);
    }

    @Test
    void whenAnAdministratorUnlocksALockedUserThenTheRightPasswordWorksAgain() {
        String name = newUser();
        for (int i = 0; i < 3; i++) {
            TestOAuth.Pkce pkce = TestOAuth.pkce();
            Form.of("client_id", "shop-app", "response_type", "code", "code_challenge", pkce.challenge(),
                    "code_challenge_method", "S256", "username", name, "password", "wrong " + i)
                    .post(base, "oauth2/authorize-challenge");
        }

        HttpResponse<String> unlocked = ApiCalls.call(base, "POST", "admin/v1/users/" + name + "/unlock", adminToken,
                null);

        assertThat(unlocked.statusCode()).isEqualTo(204);
        signIn(name);
    }

    @Test
    void whenSomeoneWhoIsNotAnAdministratorCallsThenRefused() {
        String name = newUser();
        JsonNode member = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "x");

        HttpResponse<String> response = ApiCalls.get(base, "admin/v1/users/" + name + "/sessions",
                member.get("access_token").asText());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Form.of("client_id", "shop-app", "response_type", "code", "scope", "openid bulwark:admin",
                "code_challenge", TestOAuth.pkce().challenge(), "code_challenge_method", "S256", "username", name,
                "password", PASSWORD).post(base, "oauth2/authorize-challenge").statusCode())
                .as("an app not for administration may not even ask").isEqualTo(400);
        assertThat(ApiCalls.get(base, "admin/v1/users/" + name + "/sessions", null).statusCode()).isEqualTo(401);
    }

    @Test
    void whenAnAdministratorManagesAnAppThenItsSecretWorksUntilItIsDeleted() {
        HttpResponse<String> created = ApiCalls.call(base, "POST", "admin/v1/apps", adminToken,
                "{\"client_id\":\"reports\",\"type\":\"service\",\"name\":\"Reports\",\"scope\":\"reports:read\","
                        + "\"audiences\":[\"https://reports.example.com\"],\"access_token_lifetime\":\"2m\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = TestOAuth.json(created).get("client_secret").asText();

        HttpResponse<String> token = Form.of("grant_type", "client_credentials").basic("reports", secret)
                .post(base, "oauth2/token");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(TestOAuth.json(token).get("expires_in").asInt()).isEqualTo(120);

        HttpResponse<String> renamed = ApiCalls.call(base, "PATCH", "admin/v1/apps/reports", adminToken,
                "{\"name\":\"Reporting\"}");
        assertThat(TestOAuth.json(renamed).get("name").asText()).isEqualTo("Reporting");
        assertThat(TestOAuth.json(renamed).has("client_secret")).isFalse();
        assertThat(TestOAuth.json(ApiCalls.get(base, "admin/v1/apps/reports", adminToken)).get("scope").asText())
                .isEqualTo("reports:read");
        assertThat(ApiCalls.call(base, "POST", "admin/v1/apps", adminToken, "{\"type\":\"spaceship\"}").statusCode())
                .isEqualTo(400);

        assertThat(ApiCalls.call(base, "DELETE", "admin/v1/apps/reports", adminToken, null).statusCode()).isEqualTo(204);
        assertThat(Form.of("grant_type", "client_credentials").basic("reports", secret).post(base, "oauth2/token")
                .statusCode()).isEqualTo(401);
        assertThat(ApiCalls.get(base, "admin/v1/apps/reports", adminToken).statusCode()).isEqualTo(404);
    }
}
