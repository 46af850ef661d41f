package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.ClientAuthMethod;
import dev.bulwark.core.app.TokenPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token endpoint's grants, rotation, reuse detection and client authentication, over HTTP on SQLite. */
class TokenEndpointTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static MovableClock clock = new MovableClock(Instant.now());
    static String serviceSecret;
    static ECKey assertionKey;

    @BeforeAll
    static void start() throws Exception {
        server = BulwarkServer.start(TestConfigs.config(directory), clock, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        var bulwark = server.bulwark();
        bulwark.accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        bulwark.apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        AppDefinition strict = TestApps.nativeApp("strict-app");
        bulwark.apps().create(strict.toBuilder().firstParty(true)
                .tokens(new TokenPolicy(Duration.ofMinutes(5), Duration.ZERO)).build(),
                Actor.SYSTEM);
        serviceSecret = bulwark.apps().create(TestApps.service("orders-sync"), Actor.SYSTEM).clientSecret().orElseThrow();
        assertionKey = new ECKeyGenerator(Curve.P_256).keyID("svc-key-1").generate();
        AppDefinition s = TestApps.service("signed-svc");
        bulwark.apps().create(s.toBuilder().authMethod(ClientAuthMethod.PRIVATE_KEY_JWT)
                .jwks(Optional.of(new JWKSet(assertionKey.toPublicJWK()).toString())).build(), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode signInAndExchange(String clientId) {
        return TestOAuth.passwordSignIn(base, clientId, "alice", PASSWORD);
    }

    private static HttpResponse<String> refresh(String clientId, String refreshToken) {
        return TestOAuth.refresh(base, clientId, refreshToken);
    }

    @Test
    void whenRefreshedThenNewTokensAndTheOldRefreshTokenRetriedAtOnceGetsTheSameSuccessor() {
        String first = signInAndExchange("shop-app").get("refresh_token").asText();

        JsonNode refreshed = TestOAuth.json(refresh("shop-app", first));
        JsonNode retried = TestOAuth.json(refresh("shop-app", first));

        String second = refreshed.get("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(refreshed.get("access_token").asText()).isNotBlank();
        assertThat(refreshed.has("id_token")).isFalse();
        assertThat(retried.get("refresh_token").asText()).as("a lost response retried within the leeway").isEqualTo(second);
        assertThat(refresh("shop-app", second).statusCode()).isEqualTo(200);
    }

    @Test
    void whenSupersededRefreshTokenComesBackAfterTheLeewayThenTheWholeSessionIsRevoked() {
        String first = signInAndExchange("strict-app").get("refresh_token").asText();
        String second = TestOAuth.json(refresh("strict-app", first)).get("refresh_token").asText();

        HttpResponse<String> replay = refresh("strict-app", first);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(replay).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(TestOAuth.json(refresh("strict-app", second)).get("error").asText())
                .as("the legitimate holder's newer token dies with the session").isEqualTo("invalid_grant");
        assertThat(server.bulwark().audit().latest(20)).anySatisfy(r -> assertThat(r.type()).isEqualTo("refresh_token.reused"));
    }

    @Test
    void whenRefreshTokenUsedByAnotherClientThenInvalidGrant() {
        String token = signInAndExchange("shop-app").get("refresh_token").asText();

        assertThat(TestOAuth.json(refresh("strict-app", token)).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(refresh("shop-app", token).statusCode()).as("and the owner may still use it").isEqualTo(200);
    }

    @Test
    void whenSessionIdleLongerThanTheAppAllowsThenRefreshFails() {
        String token = signInAndExchange("shop-app").get("refresh_token").asText();
        clock.advance(Duration.ofMinutes(31));
        try {
            assertThat(TestOAuth.json(refresh("shop-app", token)).get("error").asText()).isEqualTo("invalid_grant");
        } finally {
            clock.advance(Duration.ofMinutes(-31));
        }
    }

    @Test
    void whenServiceAuthenticatesWithBasicThenClientCredentialsTokenForItself() throws Exception {
        HttpResponse<String> response = Form.of("grant_type", "client_credentials").basic("orders-sync", serviceSecret)
                .post(base, "oauth2/token");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = TestOAuth.json(response);
        assertThat(body.has("refresh_token")).isFalse();
        var claims = SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("orders-sync");
        assertThat(claims.getAudience()).contains("https://api.example.com");
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders:read");
    }

    @Test
    void whenSecretSentInTheFormThenAcceptedToo() {
        assertThat(Form.of("grant_type", "client_credentials", "client_id", "orders-sync", "client_secret", serviceSecret)
                .post(base, "oauth2/token").statusCode()).isEqualTo(200);
    }

    @Test
    void whenAnUnknownClientAsksWithoutBasicThen401WithoutABasicChallengeThatWouldPopUpInABrowser() {
        HttpResponse<String> response = Form.of("grant_type", "refresh_token", "client_id", "no-such-app",
                "refresh_token", "whatever").post(base, "oauth2/token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestOAuth.json(response).get("error").asText()).isEqualTo("invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void whenSecretWrongWithBasicThen401WithABasicChallenge() {
        HttpResponse<String> response = Form.of("grant_type", "client_credentials").basic("orders-sync", "wrong")
                .post(base, "oauth2/token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"bulwark\"");
        assertThat(TestOAuth.json(response).get("error").asText()).isEqualTo("invalid_client");
        assertThat(response.body()).doesNotContain(serviceSecret);
    }

    @Test
    void whenRequestMalformedThenTheRightOAuthError() {
        assertThat(TestOAuth.json(Form.of("grant_type", "password", "client_id", "shop-app")
                .post(base, "oauth2/token")).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(TestOAuth.json(Form.of("grant_type", "client_credentials", "client_id", "shop-app")
                .post(base, "oauth2/token")).get("error").asText()).isEqualTo("unauthorized_client");
        assertThat(TestOAuth.json(Form.of("grant_type", "client_credentials", "client_secret", serviceSecret)
                .basic("orders-sync", serviceSecret).post(base, "oauth2/token")).get("error").asText())
                .isEqualTo("invalid_request");
        assertThat(TestOAuth.json(Form.of("grant_type", "client_credentials", "scope", "orders:write")
                .basic("orders-sync", serviceSecret).post(base, "oauth2/token")).get("error").asText())
                .isEqualTo("invalid_scope");
        HttpResponse<String> duplicated = dev.bulwark.server.support.Http.send(java.net.http.HttpRequest.newBuilder(
                        base.resolve("oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&grant_type=refresh_token&client_id=shop-app")).build());
        assertThat(TestOAuth.json(duplicated).get("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> json = dev.bulwark.server.support.Http.send(java.net.http.HttpRequest.newBuilder(
                        base.resolve("oauth2/token")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(TestOAuth.json(json).get("error").asText()).isEqualTo("invalid_request");
    }

    private static String assertion(String audience, Instant expiry, ECKey key, String jti) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer("signed-svc").subject("signed-svc").audience(audience)
                .expirationTime(Date.from(expiry)).issueTime(new Date()).jwtID(jti).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType("client-authentication+jwt")).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> withAssertion(String assertion) {
        return Form.of("grant_type", "client_credentials", "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion)
                .post(base, "oauth2/token");
    }

    @Test
    void whenPrivateKeyJwtRightThenTokenOnceAndEveryFlawRefused() throws Exception {
        String issuer = server.bulwark().protocol().issuer();
        Instant soon = clock.instant().plusSeconds(60);
        String good = assertion(issuer, soon, assertionKey, UUID.randomUUID().toString());

        assertThat(withAssertion(good).statusCode()).isEqualTo(200);
        assertThat(withAssertion(good).statusCode()).as("replayed jti").isEqualTo(401);
        assertThat(withAssertion(assertion(issuer + "/oauth2/token", soon, assertionKey, UUID.randomUUID().toString()))
                .statusCode()).as("token endpoint as audience (RFC 7523)").isEqualTo(200);
        assertThat(withAssertion(assertion("https://elsewhere.example", soon, assertionKey, UUID.randomUUID().toString()))
                .statusCode()).as("wrong audience").isEqualTo(401);
        assertThat(withAssertion(assertion(issuer, clock.instant().minusSeconds(120), assertionKey,
                UUID.randomUUID().toString())).statusCode()).as("expired").isEqualTo(401);
        assertThat(withAssertion(assertion(issuer, clock.instant().plusSeconds(3600), assertionKey,
                UUID.randomUUID().toString())).statusCode()).as("lives too long").isEqualTo(401);
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("svc-key-1").generate();
        assertThat(withAssertion(assertion(issuer, soon, stranger, UUID.randomUUID().toString())).statusCode())
                .as("signed by another key").isEqualTo(401);
    }

    /**
     * Security review, item 9: an assertion is accepted for 30 s of clock skew past its exp, but its jti was
     * remembered only until exp, so within the skew it could be replayed.
     */
    @Test
    void whenAnAssertionIsUsedWithinTheSkewPastItsExpiryThenItCannotBeReplayed() throws Exception {
        String issuer = server.bulwark().protocol().issuer();
        String late = assertion(issuer, clock.instant().minusSeconds(5), assertionKey, UUID.randomUUID().toString());

        assertThat(withAssertion(late).statusCode()).as("within the skew").isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        try {
            assertThat(withAssertion(late).statusCode()).as("replayed within the skew").isEqualTo(401);
        } finally {
            clock.advance(Duration.ofSeconds(-1));
        }
    }
}
