package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browserless first-party sign-in (draft-ietf-oauth-first-party-apps-04) and the token endpoint, over real HTTP
 * against SQLite: challenge, code with PKCE, tokens per RFC 9068 and OpenID Connect.
 */
class FirstPartyLoginTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_BOOTSTRAP_ADMIN_PASSWORD",
                "quiet lanterns drift past copper hills"), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        var bulwark = server.bulwark();
        bulwark.accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        bulwark.apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> challenge(Form form) {
        return form.post(base, "oauth2/authorize-challenge");
    }

    static JsonNode signIn(String username, String password, TestOAuth.Pkce pkce, String scope) {
        HttpResponse<String> response = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "scope", scope, "code_challenge", pkce.challenge(), "code_challenge_method", "S256",
                "username", username, "password", password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestOAuth.json(response);
    }

    static HttpResponse<String> exchange(String code, TestOAuth.Pkce pkce) {
        return Form.of("grant_type", "authorization_code", "client_id", "shop-app", "code", code,
                "code_verifier", pkce.verifier(), "device_id", "install-1", "device_name", "Alice's phone",
                "device_model", "Pixel 9", "device_os", "Android 16", "app_version", "3.2.1").post(base, "oauth2/token");
    }

    @Test
    void whenNothingButTheClientIsSentThenTheServerAsksForCredentialsWithAnAuthSession() {
        HttpResponse<String> response = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", TestOAuth.pkce().challenge(), "code_challenge_method", "S256"));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode body = TestOAuth.json(response);
        assertThat(body.get("error").asText()).isEqualTo("insufficient_authorization");
        assertThat(body.get("auth_session").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    /** Security review, item 5: a finished auth session minted new codes for ten minutes, past any sign-out. */
    @Test
    void whenAnAuthSessionHasIssuedItsCodeThenPostingItAgainIssuesNothing() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        String authSession = TestOAuth.json(challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "scope", "openid", "code_challenge", pkce.challenge(), "code_challenge_method", "S256")))
                .get("auth_session").asText();
        HttpResponse<String> passed = challenge(Form.of("client_id", "shop-app", "auth_session", authSession,
                "username", "alice", "password", PASSWORD));
        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
        assertThat(TestOAuth.json(passed).has("auth_session")).isFalse();

        HttpResponse<String> again = challenge(Form.of("client_id", "shop-app", "auth_session", authSession));

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(again).get("error").asText()).isEqualTo("invalid_session");
        assertThat(TestOAuth.json(again).has("authorization_code")).isFalse();
        assertThat(exchange(TestOAuth.json(passed).get("authorization_code").asText(), pkce).statusCode())
                .isEqualTo(200);
    }

    @Test
    void whenThePasswordIsRightThenTheSignInAuditsItOnce() {
        String alice = server.bulwark().accounts().find("alice").orElseThrow().id().toString();
        long before = passwordsVerifiedFor(alice);

        signIn("alice", PASSWORD, TestOAuth.pkce(), "openid");

        assertThat(passwordsVerifiedFor(alice)).isEqualTo(before + 1);
    }

    static long passwordsVerifiedFor(String userId) {
        return server.bulwark().audit().latest(10_000).stream()
                .filter(r -> r.type().equals("credential.verified") && r.subject().equals(userId)).count();
    }

    @Test
    void whenPasswordWrongThenAccessDeniedSaysNothingAboutTheAccount() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> wrong = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "alice",
                "password", "not the password at all"));
        HttpResponse<String> unknown = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "nobody",
                "password", "not the password at all"));

        assertThat(wrong.statusCode()).isEqualTo(400).isEqualTo(unknown.statusCode());
        assertThat(TestOAuth.json(wrong).get("error_description"))
                .isEqualTo(TestOAuth.json(unknown).get("error_description"));
        assertThat(TestOAuth.json(wrong).get("error").asText()).isEqualTo("access_denied");
    }

    @Test
    void whenPkceMissingOrPlainThenRefused() {
        HttpResponse<String> missing = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "username", "alice", "password", PASSWORD));
        HttpResponse<String> plain = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", "a".repeat(43), "code_challenge_method", "plain", "username", "alice",
                "password", PASSWORD));

        assertThat(TestOAuth.json(missing).get("error").asText()).isEqualTo("invalid_request");
        assertThat(TestOAuth.json(plain).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void whenSignedInThenCodeExchangesForRfc9068AccessTokenIdTokenAndRefreshToken() throws Exception {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        JsonNode challenged = signIn("alice", PASSWORD, pkce, "openid profile email bulwark:account");

        HttpResponse<String> response = exchange(challenged.get("authorization_code").asText(), pkce);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Pragma")).contains("no-cache");
        JsonNode tokens = TestOAuth.json(response);
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asInt()).isEqualTo(300);
        assertThat(tokens.get("refresh_token").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(tokens.get("scope").asText()).isEqualTo("bulwark:account email openid profile");

        SignedJWT access = SignedJWT.parse(tokens.get("access_token").asText());
        assertThat(access.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(access.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        var claims = access.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(server.bulwark().protocol().issuer());
        assertThat(claims.getAudience()).contains(server.bulwark().protocol().issuer());
        assertThat(claims.getSubject()).isEqualTo(server.bulwark().accounts().find("alice").orElseThrow().id().toString());
        assertThat(claims.getStringClaim("client_id")).isEqualTo("shop-app");
        assertThat(claims.getStringClaim("scope")).isEqualTo("bulwark:account email openid profile");
        assertThat(claims.getStringClaim("sid")).isNotBlank();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal1");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getClaim("auth_time")).isNotNull();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);

        SignedJWT id = SignedJWT.parse(tokens.get("id_token").asText());
        assertThat(id.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly("shop-app");
        assertThat(id.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(id.getJWTClaimsSet().getStringClaim("at_hash")).hasSize(22);
        assertThat(id.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(claims.getStringClaim("sid"));
    }

    @Test
    void whenVerifierWrongThenInvalidGrantAndTheCodeStillUnused() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        String code = signIn("alice", PASSWORD, pkce, "openid").get("authorization_code").asText();

        HttpResponse<String> wrong = exchange(code, TestOAuth.pkce());

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(wrong).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(exchange(code, pkce).statusCode()).isEqualTo(200);
    }

    @Test
    void whenCodeUsedTwiceThenRefusedAndWhatItIssuedIsRevoked() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        String code = signIn("alice", PASSWORD, pkce, "openid").get("authorization_code").asText();
        JsonNode first = TestOAuth.json(exchange(code, pkce));

        HttpResponse<String> second = exchange(code, pkce);

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(second).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> refresh = Form.of("grant_type", "refresh_token", "client_id", "shop-app",
                "refresh_token", first.get("refresh_token").asText()).post(base, "oauth2/token");
        assertThat(TestOAuth.json(refresh).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void whenBootstrapAdministratorSignsInFirstThenANewPasswordIsRequiredBeforeAnyCode() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> first = challenge(Form.of("client_id", "shop-app", "response_type", "code",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "admin",
                "password", "quiet lanterns drift past copper hills"));
        assertThat(first.statusCode()).isEqualTo(403);
        JsonNode asked = TestOAuth.json(first);
        assertThat(asked.get("error").asText()).isEqualTo("insufficient_authorization");
        assertThat(asked.get("password_change_required").asBoolean()).isTrue();
        String authSession = asked.get("auth_session").asText();

        HttpResponse<String> weak = challenge(Form.of("client_id", "shop-app", "auth_session", authSession,
                "new_password", "admin"));
        assertThat(TestOAuth.json(weak).get("error").asText()).isEqualTo("password_policy");
        assertThat(TestOAuth.json(weak).get("violations")).isNotEmpty();

        HttpResponse<String> changed = challenge(Form.of("client_id", "shop-app", "auth_session", authSession,
                "new_password", "brand new passphrase for the operator"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(exchange(TestOAuth.json(changed).get("authorization_code").asText(), pkce).statusCode()).isEqualTo(200);
        assertThat(server.bulwark().accounts().passwordStatus(server.bulwark().accounts().find("admin").orElseThrow()
                .id()).orElseThrow().mustChange()).isFalse();
    }

    @Test
    void whenAuthSessionUnknownThenInvalidSession() {
        HttpResponse<String> response = challenge(Form.of("client_id", "shop-app", "auth_session", "made-up",
                "username", "alice", "password", PASSWORD));

        assertThat(TestOAuth.json(response).get("error").asText()).isEqualTo("invalid_session");
    }

    @Test
    void whenClientUnknownThenInvalidClient() {
        HttpResponse<String> response = challenge(Form.of("client_id", "nope-app", "response_type", "code"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestOAuth.json(response).get("error").asText()).isEqualTo("invalid_client");
    }
}
