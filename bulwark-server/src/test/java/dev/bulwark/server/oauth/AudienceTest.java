package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.Scopes;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who an access token is for, over real HTTP (security review, item 1, and OpenID Connect's offline_access): a
 * token for Bulwark's own APIs names Bulwark alone, a token for an app's API never names Bulwark, the account API is
 * for first-party apps only and no app gets it without asking.
 */
class AudienceTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final String API = "https://api.shop.example";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String issuer;
    static String serviceSecret;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        issuer = server.bulwark().protocol().issuer();
        var apps = server.bulwark().apps();
        apps.create(TestApps.nativeAppBuilder("shop-app")
                .scopes(Scopes.parse("openid profile bulwark:account orders:read")).audiences(List.of(API)).build(),
                Actor.SYSTEM);
        apps.create(TestApps.nativeAppBuilder("kiosk-app").grants(Set.of(GrantType.AUTHORIZATION_CODE)).build(),
                Actor.SYSTEM);
        serviceSecret = apps.create(TestApps.service("orders-sync"), Actor.SYSTEM).clientSecret().orElseThrow();
        server.bulwark().accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JWTClaimsSet claims(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
    }

    private static String access(JsonNode tokens) {
        return tokens.get("access_token").asText();
    }

    /** Security review, item 1: every token named Bulwark, so an API that received one could manage the account. */
    @Test
    void whenATokenIsForTheAccountApiThenItNamesBulwarkAloneAndTheAppsApiTokenCannotManageTheAccount()
            throws Exception {
        JsonNode signedIn = TestLogin.tokens(base, "shop-app", "alice", PASSWORD,
                "openid bulwark:account orders:read", "phone-1");

        assertThat(claims(signedIn).getAudience()).containsExactly(issuer, issuer + "/oauth2/userinfo");
        assertThat(ApiCalls.get(base, "account/v1/devices", access(signedIn)).statusCode()).isEqualTo(200);

        HttpResponse<String> narrowed = Form.of("grant_type", "refresh_token", "client_id", "shop-app",
                "refresh_token", signedIn.get("refresh_token").asText(), "scope", "openid orders:read")
                .post(base, "oauth2/token");
        assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
        JsonNode forTheApi = TestOAuth.json(narrowed);
        assertThat(claims(forTheApi).getAudience()).containsExactly(API, issuer + "/oauth2/userinfo");
        HttpResponse<String> misused = ApiCalls.get(base, "account/v1/devices", access(forTheApi));
        assertThat(misused.statusCode()).isEqualTo(401);
        assertThat(TestOAuth.json(misused).get("type").asText()).isEqualTo("urn:bulwark:problem:invalid_token");
        assertThat(Http.get(base, "oauth2/userinfo", "Authorization", "Bearer " + access(forTheApi)).statusCode())
                .as("userinfo serves a token granted openid").isEqualTo(200);
    }

    /** Security review, item 1: native apps got bulwark:account by default, whether or not they asked. */
    @Test
    void whenAnAppNamesNoScopeThenItGetsItsScopesButNeverBulwarksOwnApis() throws Exception {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> challenged = Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "alice",
                "password", PASSWORD).post(base, "oauth2/authorize-challenge");
        JsonNode tokens = TestOAuth.json(Form.of("grant_type", "authorization_code", "client_id", "shop-app",
                "code", TestOAuth.json(challenged).get("authorization_code").asText(), "code_verifier",
                pkce.verifier()).post(base, "oauth2/token"));

        assertThat(tokens.get("scope").asText()).isEqualTo("openid orders:read profile");
        assertThat(claims(tokens).getAudience()).doesNotContain(issuer);
    }

    /** Security review, item 1: the account API is for first-party apps, as they are now, not when they signed in. */
    @Test
    void whenAnAppStopsBeingFirstPartyThenItsTokensLoseTheAccountApiAtOnce() {
        server.bulwark().apps().create(TestApps.nativeApp("partner-app"), Actor.SYSTEM);
        JsonNode tokens = TestLogin.tokens(base, "partner-app", "alice", PASSWORD, "openid bulwark:account",
                "phone-2");
        assertThat(ApiCalls.get(base, "account/v1/devices", access(tokens)).statusCode()).isEqualTo(200);
        AppDefinition partner = server.bulwark().apps().find(new ClientId("partner-app")).orElseThrow().definition();
        server.bulwark().apps().update(partner.toBuilder().firstParty(false).scopes(Scopes.parse("openid profile"))
                .build(), Actor.SYSTEM);

        HttpResponse<String> refused = ApiCalls.get(base, "account/v1/devices", access(tokens));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestOAuth.json(refused).get("detail").asText()).contains("first-party");
        JsonNode refreshed = TestOAuth.json(TestLogin.refresh(base, "partner-app",
                tokens.get("refresh_token").asText()));
        assertThat(refreshed.get("scope").asText()).as("a refresh grants no scope the app lost").isEqualTo("openid");
    }

    /** OpenID Connect Core §11: offline_access was refused with invalid_scope, which SDKs send by default. */
    @Test
    void whenAnAppAsksForOfflineAccessThenItIsGrantedWhereRefreshTokensAreAllowedAndIgnoredElsewhere() {
        JsonNode shop = TestLogin.tokens(base, "shop-app", "alice", PASSWORD, "openid offline_access", "phone-3");
        assertThat(shop.get("scope").asText()).isEqualTo("offline_access openid");
        assertThat(shop.has("refresh_token")).isTrue();

        JsonNode kiosk = TestLogin.tokens(base, "kiosk-app", "alice", PASSWORD, "openid offline_access", "kiosk-1");
        assertThat(kiosk.get("scope").asText()).isEqualTo("openid");
        assertThat(kiosk.has("refresh_token")).isFalse();

        HttpResponse<String> service = Form.of("grant_type", "client_credentials", "scope", "orders:read offline_access")
                .basic("orders-sync", serviceSecret).post(base, "oauth2/token");
        assertThat(service.statusCode()).as(service.body()).isEqualTo(200);
        assertThat(TestOAuth.json(service).get("scope").asText()).isEqualTo("orders:read");
    }
}
