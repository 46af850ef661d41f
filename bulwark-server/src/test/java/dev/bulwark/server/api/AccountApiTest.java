package dev.bulwark.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-service account API over real HTTP: my devices and sessions, remote sign-out, password change. */
class AccountApiTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String serviceSecret;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        serviceSecret = server.bulwark().apps().create(TestApps.resourceServer("orders-api"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh user signed in on three devices. */
    private static List<JsonNode> userOnThreeDevices() {
        String name = "user" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        List<JsonNode> devices = new ArrayList<>();
        for (String device : List.of("phone-1", "phone-2", "tablet")) {
            devices.add(TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account",
                    name + "-" + device));
        }
        return devices;
    }

    private static String access(JsonNode tokens) {
        return tokens.get("access_token").asText();
    }

    private static boolean refreshes(JsonNode tokens) {
        return TestLogin.refresh(base, "shop-app", tokens.get("refresh_token").asText()).statusCode() == 200;
    }

    /** Whether Bulwark still takes the access token: userinfo checks it live, as every one of its APIs does. */
    private static boolean accessTokenLive(JsonNode tokens) {
        return Http.get(base, "oauth2/userinfo", "Authorization", "Bearer " + access(tokens)).statusCode() == 200;
    }

    private static String sid(JsonNode tokens) throws Exception {
        return SignedJWT.parse(access(tokens)).getJWTClaimsSet().getStringClaim("sid");
    }

    @Test
    void whenListingDevicesThenEachHasItsSessionAndTheCallersIsMarkedCurrent() throws Exception {
        List<JsonNode> devices = userOnThreeDevices();

        HttpResponse<String> response = ApiCalls.get(base, "account/v1/devices", access(devices.get(0)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode listed = TestOAuth.json(response).get("devices");
        assertThat(listed).hasSize(3);
        List<String> names = new ArrayList<>();
        List<String> current = new ArrayList<>();
        listed.forEach(device -> {
            names.add(device.get("name").asText());
            assertThat(device.get("model").asText()).isEqualTo("Pixel 9");
            assertThat(device.get("sessions")).hasSize(1);
            if (device.get("sessions").get(0).get("current").asBoolean()) {
                current.add(device.get("sessions").get(0).get("id").asText());
            }
        });
        assertThat(names).allSatisfy(name -> assertThat(name).startsWith("Phone user"));
        assertThat(current).containsExactly(sid(devices.get(0)));
        assertThat(TestOAuth.json(ApiCalls.get(base, "account/v1/sessions", access(devices.get(0)))).get("sessions"))
                .hasSize(3);
    }

    @Test
    void whenOneDeviceIsSignedOutThenItsRefreshAndAccessTokensDieAtOnceAndTheOthersLive() {
        List<JsonNode> devices = userOnThreeDevices();
        JsonNode listed = TestOAuth.json(ApiCalls.get(base, "account/v1/devices", access(devices.get(0)))).get("devices");
        String lost = null;
        for (JsonNode device : listed) {
            if (device.get("name").asText().endsWith("phone-2")) {
                lost = device.get("id").asText();
            }
        }

        HttpResponse<String> response = ApiCalls.call(base, "DELETE", "account/v1/devices/" + lost,
                access(devices.get(0)), null);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(accessTokenLive(devices.get(1))).isFalse();
        assertThat(refreshes(devices.get(1))).isFalse();
        assertThat(accessTokenLive(devices.get(2))).isTrue();
        assertThat(refreshes(devices.get(2))).isTrue();
    }

    @Test
    void whenADeviceIsNamedByTheAppsOwnInstallationIdThenItIsListedAndSignedOutByIt() {
        List<JsonNode> devices = userOnThreeDevices();
        List<JsonNode> others = userOnThreeDevices();
        JsonNode listed = TestOAuth.json(ApiCalls.get(base, "account/v1/devices", access(devices.get(0)))).get("devices");
        String installation = null;
        for (JsonNode device : listed) {
            if (device.get("installation_id").asText().endsWith("-phone-2")) {
                installation = device.get("installation_id").asText();
            }
        }
        assertThat(installation).as("each device shows the installation id its app sent").isNotNull();
        String othersInstallation = TestOAuth.json(ApiCalls.get(base, "account/v1/devices", access(others.get(0))))
                .get("devices").findValuesAsText("installation_id").stream().filter(id -> id.endsWith("-phone-2"))
                .findFirst().orElseThrow();
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/devices/" + othersInstallation, access(devices.get(0)),
                null).statusCode()).as("another user's installation").isEqualTo(404);
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/devices/no-such-installation", access(devices.get(0)),
                null).statusCode()).isEqualTo(404);
        HttpResponse<String> response = ApiCalls.call(base, "DELETE", "account/v1/devices/" + installation,
                access(devices.get(0)), null);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(refreshes(devices.get(1))).isFalse();
        assertThat(refreshes(devices.get(2))).isTrue();
        assertThat(refreshes(others.get(1))).as("the other user's phone-2 lives").isTrue();
    }

    @Test
    void whenSigningOutEverySessionButThisOneThenOnlyTheCallerStaysSignedIn() {
        List<JsonNode> devices = userOnThreeDevices();

        HttpResponse<String> response = ApiCalls.call(base, "POST", "account/v1/sign-out", access(devices.get(0)),
                "{\"sessions\":\"others\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestOAuth.json(response).get("signed_out").asInt()).isEqualTo(2);
        assertThat(refreshes(devices.get(1))).isFalse();
        assertThat(refreshes(devices.get(2))).isFalse();
        assertThat(refreshes(devices.get(0))).isTrue();
    }

    @Test
    void whenSigningOutEverywhereThenEvenTheCallersTokenStopsWorking() {
        List<JsonNode> devices = userOnThreeDevices();

        ApiCalls.call(base, "POST", "account/v1/sign-out", access(devices.get(0)), "{\"sessions\":\"all\"}");

        assertThat(ApiCalls.get(base, "account/v1/devices", access(devices.get(0))).statusCode()).isEqualTo(401);
        assertThat(devices).noneMatch(AccountApiTest::refreshes);
    }

    @Test
    void whenAnotherUsersSessionIsNamedThenNotFoundAndNothingChanges() throws Exception {
        List<JsonNode> mine = userOnThreeDevices();
        List<JsonNode> theirs = userOnThreeDevices();

        HttpResponse<String> response = ApiCalls.call(base, "DELETE", "account/v1/sessions/" + sid(theirs.get(0)),
                access(mine.get(0)), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refreshes(theirs.get(0))).isTrue();
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/sessions/" + sid(mine.get(1)), access(mine.get(0)), null)
                .statusCode()).isEqualTo(204);
        assertThat(refreshes(mine.get(1))).isFalse();
    }

    @Test
    void whenTheTokenIsMissingOrNotMeantForTheAccountApiThenRefusedWithABearerChallenge() {
        String name = "scopeless" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        JsonNode narrow = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid", "d1");

        HttpResponse<String> none = ApiCalls.get(base, "account/v1/devices", null);
        HttpResponse<String> scopeless = ApiCalls.get(base, "account/v1/devices", access(narrow));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"bulwark\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(scopeless.statusCode()).as("a token without a bulwark:* scope is not meant for Bulwark at all")
                .isEqualTo(401);
        assertThat(scopeless.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).contains("invalid_token").contains("audience"));
    }

    @Test
    void whenThePasswordIsChangedThenTheOtherSessionsEndAndTheCurrentOneStays() {
        List<JsonNode> devices = userOnThreeDevices();
        String name = server.bulwark().accounts().list(0, 1000).stream().map(u -> u.username().value())
                .filter(n -> n.startsWith("user")).reduce((a, b) -> b).orElseThrow();

        HttpResponse<String> wrong = ApiCalls.call(base, "POST", "account/v1/password", access(devices.get(0)),
                "{\"current_password\":\"not it at all\",\"new_password\":\"brass kettles hum at the harbour\"}");
        HttpResponse<String> weak = ApiCalls.call(base, "POST", "account/v1/password", access(devices.get(0)),
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"password\"}");
        HttpResponse<String> changed = ApiCalls.call(base, "POST", "account/v1/password", access(devices.get(0)),
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"brass kettles hum at the harbour\"}");

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("not it at all");
        assertThat(weak.statusCode()).isEqualTo(422);
        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(refreshes(devices.get(1))).isFalse();
        assertThat(refreshes(devices.get(2))).isFalse();
        assertThat(refreshes(devices.get(0))).isTrue();
        TestLogin.tokens(base, "shop-app", name, "brass kettles hum at the harbour", "openid", "new-phone");
    }
}
