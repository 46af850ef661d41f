package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, userinfo, revocation (RFC 7009), introspection (RFC 7662) and the revocation feed, over real HTTP. */
class ProtocolEndpointsTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

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
        server.bulwark().accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        serviceSecret = server.bulwark().apps().create(TestApps.resourceServer("orders-api"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode login(String scope) {
        return TestLogin.tokens(base, "shop-app", "alice", PASSWORD, scope, "phone-" + System.nanoTime());
    }

    private static JsonNode introspect(String token) {
        HttpResponse<String> response = Form.of("token", token).basic("orders-api", serviceSecret)
                .post(base, "oauth2/introspect");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return TestOAuth.json(response);
    }

    @Test
    void whenDiscoveryIsFetchedThenBothDocumentsNameTheIssuerAndOnlyWhatIsSupported() {
        JsonNode openid = TestOAuth.json(Http.get(base, ".well-known/openid-configuration"));
        JsonNode oauth = TestOAuth.json(Http.get(base, ".well-known/oauth-authorization-server"));

        assertThat(openid).isEqualTo(oauth);
        assertThat(openid.get("issuer").asText()).isEqualTo(server.url().toString());
        assertThat(openid.get("token_endpoint").asText()).isEqualTo(server.url() + "/oauth2/token");
        assertThat(openid.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(openid.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(openid.get("grant_types_supported").toString())
                .isEqualTo("[\"authorization_code\",\"refresh_token\",\"client_credentials\"]");
        assertThat(openid.get("id_token_signing_alg_values_supported").toString()).contains("RS256");
        assertThat(openid.get("request_uri_parameter_supported").asBoolean()).isFalse();
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "revocation_endpoint", "introspection_endpoint", "authorization_challenge_endpoint")) {
            String path = URI.create(openid.get(endpoint).asText()).getPath();
            assertThat(Http.get(base, path.substring(1)).statusCode()).as(endpoint).isNotEqualTo(404);
        }
    }

    @Test
    void whenUserinfoIsAskedWithoutAValidTokenThenBearerChallengesFollowRfc6750() {
        HttpResponse<String> none = Http.get(base, "oauth2/userinfo");
        HttpResponse<String> garbage = Http.get(base, "oauth2/userinfo", "Authorization", "Bearer not.a.token");
        JsonNode noOpenid = login("profile");
        HttpResponse<String> withoutOpenid = Http.get(base, "oauth2/userinfo", "Authorization",
                "Bearer " + noOpenid.get("access_token").asText());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"bulwark\"");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(garbage.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).contains("error=\"invalid_token\""));
        assertThat(withoutOpenid.statusCode()).as("a token without openid is not meant for userinfo").isEqualTo(401);
        assertThat(TestOAuth.json(withoutOpenid).get("error").asText()).isEqualTo("invalid_token");
    }

    @Test
    void whenUserinfoIsAskedWithALiveTokenThenItReleasesWhatTheScopesAllow() {
        JsonNode tokens = login("openid profile");
        HttpResponse<String> response = Http.get(base, "oauth2/userinfo", "Authorization",
                "Bearer " + tokens.get("access_token").asText());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode claims = TestOAuth.json(response);
        assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(claims.has("email")).isFalse();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void whenAnAccessTokenIsRevokedThenIntrospectionReportsItInactiveAtOnceAndTheFeedListsIt() {
        JsonNode tokens = login("openid");
        String access = tokens.get("access_token").asText();
        long before = feed(0).get("next").asLong();
        assertThat(introspect(access).get("active").asBoolean()).isTrue();

        HttpResponse<String> revoked = Form.of("token", access, "token_type_hint", "access_token",
                "client_id", "shop-app").post(base, "oauth2/revoke");

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(introspect(access).get("active").asBoolean()).isFalse();
        assertThat(introspect(access).size()).as("nothing but active for a dead token").isEqualTo(1);
        assertThat(Http.get(base, "oauth2/userinfo", "Authorization", "Bearer " + access).statusCode()).isEqualTo(401);
        assertThat(TestLogin.refresh(base, "shop-app", tokens.get("refresh_token").asText()).statusCode())
                .as("revoking one access token leaves the session").isEqualTo(200);
        List<String> jtis = new ArrayList<>();
        feed(before).get("revocations").forEach(entry -> jtis.add(entry.path("jti").asText()));
        assertThat(jtis).hasSize(1);
    }

    @Test
    void whenARefreshTokenIsRevokedThenTheSessionEndsAndTheFeedNamesItsSid() throws Exception {
        JsonNode tokens = login("openid");
        String sid = com.nimbusds.jwt.SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet()
                .getStringClaim("sid");
        long before = feed(0).get("next").asLong();

        Form.of("token", tokens.get("refresh_token").asText(), "client_id", "shop-app").post(base, "oauth2/revoke");

        assertThat(introspect(tokens.get("access_token").asText()).get("active").asBoolean()).isFalse();
        JsonNode entries = feed(before).get("revocations");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("sid").asText()).isEqualTo(sid);
        assertThat(entries.get(0).get("sequence").asLong()).isGreaterThan(before);
    }

    @Test
    void whenAnAppIsDeletedThenItsSessionsEndInTheFeedAndItsTokensAreInactive() throws Exception {
        server.bulwark().apps().create(TestApps.nativeApp("kiosk-app"), Actor.SYSTEM);
        String jobSecret = server.bulwark().apps().create(TestApps.service("nightly-job"), Actor.SYSTEM)
                .clientSecret().orElseThrow();
        JsonNode kiosk = TestLogin.tokens(base, "kiosk-app", "alice", PASSWORD, "openid", "kiosk-1");
        String sid = com.nimbusds.jwt.SignedJWT.parse(kiosk.get("access_token").asText()).getJWTClaimsSet()
                .getStringClaim("sid");
        String jobToken = TestOAuth.json(Form.of("grant_type", "client_credentials").basic("nightly-job", jobSecret)
                .post(base, "oauth2/token")).get("access_token").asText();
        JsonNode shop = login("openid");
        assertThat(introspect(jobToken).get("active").asBoolean()).isTrue();
        long before = feed(0).get("next").asLong();

        server.bulwark().apps().delete(new dev.bulwark.core.app.ClientId("kiosk-app"), Actor.SYSTEM);
        server.bulwark().apps().delete(new dev.bulwark.core.app.ClientId("nightly-job"), Actor.SYSTEM);

        JsonNode entries = feed(before).get("revocations");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("sid").asText()).isEqualTo(sid);
        assertThat(introspect(kiosk.get("access_token").asText()).get("active").asBoolean()).isFalse();
        assertThat(introspect(kiosk.get("refresh_token").asText()).get("active").asBoolean()).isFalse();
        assertThat(introspect(jobToken).get("active").asBoolean()).isFalse();
        assertThat(introspect(shop.get("access_token").asText()).get("active").asBoolean())
                .as("another app's session is untouched").isTrue();
    }

    @Test
    void whenAnotherClientRevokesAToken_orTheTokenIsUnknown_thenTheAnswerIsTheSameAndNothingChanges() {
        JsonNode tokens = login("openid");

        HttpResponse<String> foreign = Form.of("token", tokens.get("refresh_token").asText())
                .basic("orders-api", serviceSecret).post(base, "oauth2/revoke");
        HttpResponse<String> unknown = Form.of("token", "no-such-token", "client_id", "shop-app")
                .post(base, "oauth2/revoke");

        assertThat(foreign.statusCode()).isEqualTo(200).isEqualTo(unknown.statusCode());
        assertThat(foreign.body()).isEqualTo(unknown.body());
        assertThat(TestLogin.refresh(base, "shop-app", tokens.get("refresh_token").asText()).statusCode())
                .as("the refresh token still works").isEqualTo(200);
    }

    @Test
    void whenAPublicClientOrAWrongSecretAsksThenIntrospectionAndTheFeedAreRefused() {
        String access = login("openid").get("access_token").asText();

        HttpResponse<String> publicClient = Form.of("token", access, "client_id", "shop-app")
                .post(base, "oauth2/introspect");
        HttpResponse<String> wrongSecret = Form.of("token", access).basic("orders-api", "wrong")
                .post(base, "oauth2/introspect");
        HttpResponse<String> feed = Http.get(base, "oauth2/revoked?after=0");

        assertThat(publicClient.statusCode()).isEqualTo(401);
        assertThat(TestOAuth.json(publicClient).get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain(access);
        assertThat(feed.statusCode()).isEqualTo(401);
        assertThat(feed.headers().firstValue("WWW-Authenticate")).as("every 401 has a challenge (RFC 9110 §11.6.1)")
                .contains("Basic realm=\"bulwark\"");
        assertThat(publicClient.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"bulwark\"");
    }

    /**
     * Security review, item 8: introspection and the revocation feed answered any confidential client, and
     * introspection reported any token to it.
     */
    @Test
    void whenAConfidentialClientIsNoRegisteredResourceServerThenIntrospectionAndTheFeedAreRefused() {
        String secret = server.bulwark().apps().create(TestApps.service("billing-sync"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
        String access = login("openid orders:read").get("access_token").asText();

        HttpResponse<String> introspected = Form.of("token", access).basic("billing-sync", secret)
                .post(base, "oauth2/introspect");
        String basic = java.util.Base64.getEncoder().encodeToString(("billing-sync:" + secret)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> feed = Http.get(base, "oauth2/revoked?after=0", "Authorization", "Basic " + basic);

        assertThat(introspected.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(introspected).get("error").asText()).isEqualTo("unauthorized_client");
        assertThat(introspected.body()).doesNotContain("\"active\"");
        assertThat(feed.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(feed).get("error").asText()).isEqualTo("unauthorized_client");
    }

    /** Security review, item 8: a resource server learns only about the tokens meant for it. */
    @Test
    void whenAResourceServerIntrospectsATokenMeantForSomeoneElseThenItIsInactive() {
        JsonNode forTheApi = login("openid orders:read");
        JsonNode forTheAccountApi = login("openid bulwark:account");
        String otherSecret = server.bulwark().apps().create(TestApps.serviceBuilder("payments-api")
                .resource(Optional.of("https://payments.example.com")).build(), Actor.SYSTEM).clientSecret()
                .orElseThrow();

        assertThat(introspect(forTheApi.get("access_token").asText()).get("active").asBoolean()).isTrue();
        assertThat(introspect(forTheAccountApi.get("access_token").asText()).get("active").asBoolean())
                .as("a token for Bulwark's account API").isFalse();
        assertThat(introspect(forTheApi.get("refresh_token").asText()).get("active").asBoolean())
                .as("a refresh token").isFalse();
        JsonNode elsewhere = TestOAuth.json(Form.of("token", forTheApi.get("access_token").asText())
                .basic("payments-api", otherSecret).post(base, "oauth2/introspect"));
        assertThat(elsewhere.get("active").asBoolean()).as("another API's token").isFalse();
        assertThat(elsewhere.size()).isEqualTo(1);
    }

    private static JsonNode feed(long after) {
        String basic = java.util.Base64.getEncoder().encodeToString(("orders-api:" + serviceSecret)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = Http.get(base, "oauth2/revoked?after=" + after, "Authorization",
                "Basic " + basic);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestOAuth.json(response);
    }
}
