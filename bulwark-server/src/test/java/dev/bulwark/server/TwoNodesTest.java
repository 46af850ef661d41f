package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Bulwark nodes behind one public URL, on one real PostgreSQL: what one node does, the other honours at once.
 * A session signed out through one node is refused by the other at its next refresh and introspection.
 */
class TwoNodesTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

    @TempDir
    static Path directory;
    static EmbeddedPostgres postgres;
    static BulwarkServer nodeA;
    static BulwarkServer nodeB;
    static URI a;
    static URI b;
    static String serviceSecret;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE bulwark");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String[] shared = {"BULWARK_STORAGE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/bulwark",
                "BULWARK_STORAGE_USERNAME", "postgres", "BULWARK_SECRETS_MASTER_KEY",
                Base64.getEncoder().encodeToString(key), "BULWARK_SERVER_PUBLIC_URL", "http://bulwark.test",
                "BULWARK_PROTECTION_ACCOUNTS_DELAY_AFTER", "3", "BULWARK_PROTECTION_ACCOUNTS_LOCK_AFTER", "3"};
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        nodeA = BulwarkServer.start(TestConfigs.config(directory.resolve("a"), shared), Clock.systemUTC(), quiet);
        nodeB = BulwarkServer.start(TestConfigs.config(directory.resolve("b"), shared), Clock.systemUTC(), quiet);
        a = URI.create("http://127.0.0.1:" + nodeA.port() + "/");
        b = URI.create("http://127.0.0.1:" + nodeB.port() + "/");
        nodeA.bulwark().accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        nodeB.bulwark().accounts().create(NewUser.named(Username.of("dora")), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        nodeA.bulwark().accounts().create(NewUser.named(Username.of("bob")), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        nodeA.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        serviceSecret = nodeB.bulwark().apps().create(TestApps.resourceServer("orders-api"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        postgres.close();
    }

    private static boolean active(URI node, String token) {
        return TestOAuth.json(Form.of("token", token).basic("orders-api", serviceSecret).post(node, "oauth2/introspect"))
                .get("active").asBoolean();
    }

    @Test
    void whenASessionIsSignedOutThroughOneNodeThenTheOtherRefusesItsRefreshAndIntrospectionAtOnce() {
        JsonNode phone = TestLogin.tokens(a, "shop-app", "dora", PASSWORD, "openid bulwark:account orders:read",
                "dora-phone");
        // The app's token for its own API, from a refresh on B with the API's scope.
        HttpResponse<String> refreshedOnB = Form.of("grant_type", "refresh_token", "client_id", "shop-app",
                "refresh_token", phone.get("refresh_token").asText(), "scope", "openid orders:read")
                .post(b, "oauth2/token");
        assertThat(refreshedOnB.statusCode()).as(refreshedOnB.body()).isEqualTo(200);
        JsonNode current = TestOAuth.json(refreshedOnB);
        assertThat(active(a, current.get("access_token").asText())).as("a token issued by B verifies on A").isTrue();
        String basic = Base64.getEncoder().encodeToString(("orders-api:" + serviceSecret).getBytes(StandardCharsets.UTF_8));
        long before = TestOAuth.json(Http.get(b, "oauth2/revoked", "Authorization", "Basic " + basic)).get("next").asLong();

        HttpResponse<String> signedOut = ApiCalls.call(a, "POST", "account/v1/sign-out",
                phone.get("access_token").asText(), "{\"sessions\":\"all\"}");

        assertThat(signedOut.statusCode()).isEqualTo(200);
        HttpResponse<String> refreshAgainOnB = TestLogin.refresh(b, "shop-app", current.get("refresh_token").asText());
        assertThat(refreshAgainOnB.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(refreshAgainOnB).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(active(b, current.get("access_token").asText())).isFalse();
        assertThat(TestOAuth.json(Http.get(b, "oauth2/revoked?after=" + before, "Authorization", "Basic " + basic))
                .get("revocations")).hasSize(1);
    }

    @Test
    void whenTheBrowserSignsInOnOneNodeThenTheCodeExchangesOnTheOther() {
        TestBrowser browser = new TestBrowser(b);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> page = browser.get("oauth2/authorize?client_id=shop-app&response_type=code&redirect_uri="
                + URLEncoder.encode("com.example.app:/callback", StandardCharsets.UTF_8) + "&scope=openid&state=s1"
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256");
        HttpResponse<String> redirect = browser.post("ui/sign-in", "http://bulwark.test", "request",
                TestBrowser.requestHandle(page), "username", "alice", "password", PASSWORD);
        assertThat(redirect.statusCode()).isEqualTo(303);

        HttpResponse<String> exchanged = Form.of("grant_type", "authorization_code", "client_id", "shop-app",
                "code", TestBrowser.redirectParameters(redirect).get("code"), "redirect_uri", "com.example.app:/callback",
                "code_verifier", pkce.verifier()).post(a, "oauth2/token");

        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        assertThat(TestBrowser.redirectParameters(redirect).get("iss")).isEqualTo("http://bulwark.test");
    }

    @Test
    void whenFailuresAreSpreadOverBothNodesThenTheyAddUpToOneLock() {
        for (URI node : new URI[] {a, b, a}) {
            TestOAuth.Pkce pkce = TestOAuth.pkce();
            Form.of("client_id", "shop-app", "response_type", "code", "code_challenge", pkce.challenge(),
                    "code_challenge_method", "S256", "username", "bob", "password", "wrong").post(node,
                    "oauth2/authorize-challenge");
        }

        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> locked = Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "bob",
                "password", PASSWORD).post(b, "oauth2/authorize-challenge");

        assertThat(locked.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(locked).get("error").asText()).isEqualTo("access_denied");
    }
}
