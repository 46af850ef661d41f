package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestConfigs;
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
 * A standard, certified OpenID Connect client library (Nimbus OAuth 2.0 SDK with OpenID Connect extensions), used
 * as any relying party would use it, with no settings special to Bulwark: discovery, code flow with PKCE, ID token
 * validation against the published keys, userinfo, refresh, revocation and introspection.
 */
class StandardClientTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final URI REDIRECT = URI.create("com.example.app:/callback");

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static Issuer issuer;
    static Secret serviceSecret;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        issuer = new Issuer(server.url().toString());
        server.bulwark().accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        serviceSecret = new Secret(server.bulwark().apps().create(TestApps.resourceServer("orders-api"), Actor.SYSTEM)
                .clientSecret().orElseThrow());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whenAStandardClientRunsTheWholeLifecycleThenEveryStepSucceedsWithoutSpecialSettings() throws Exception {
        OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(issuer);
        AuthorizationServerMetadata oauth = AuthorizationServerMetadata.resolve(issuer);
        assertThat(oauth.getTokenEndpointURI()).isEqualTo(provider.getTokenEndpointURI());
        assertThat(provider.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(provider.supportsAuthorizationResponseIssuerParam()).isTrue();

        ClientID client = new ClientID("shop-app");
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "profile", "email", "orders:read"), client, REDIRECT).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(provider.getAuthorizationEndpointURI()).build();

        // The system browser's part: the hosted page and the redirect back to the app.
        TestBrowser browser = new TestBrowser(URI.create(issuer.getValue() + "/"));
        HttpResponse<String> page = browser.get(request.toURI().toString());
        HttpResponse<String> redirect = browser.post("ui/sign-in", browser.origin(), "request",
                TestBrowser.requestHandle(page), "username", "alice", "password", PASSWORD);
        AuthorizationResponse response = AuthorizationResponse.parse(URI.create(redirect.headers()
                .firstValue("Location").orElseThrow()));
        assertThat(response.indicatesSuccess()).isTrue();
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer()).isEqualTo(provider.getIssuer());
        AuthorizationCode code = success.getAuthorizationCode();

        TokenResponse tokenResponse = OIDCTokenResponseParser.parse(new TokenRequest(provider.getTokenEndpointURI(),
                client, new AuthorizationCodeGrant(code, REDIRECT, verifier)).toHTTPRequest().send());
        assertThat(tokenResponse.indicatesSuccess()).as(() -> tokenResponse.toErrorResponse().getErrorObject()
                .toString()).isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) tokenResponse.toSuccessResponse()).getOIDCTokens();
        JWSAlgorithm algorithm = JWSAlgorithm.parse(provider.getIDTokenJWSAlgs().get(0).getName());
        IDTokenValidator validator = new IDTokenValidator(provider.getIssuer(), client, algorithm,
                provider.getJWKSetURI().toURL());
        IDTokenClaimsSet claims = validator.validate(tokens.getIDToken(), nonce);
        AccessTokenValidator.validate(tokens.getAccessToken(), algorithm, claims.getAccessTokenHash());
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");

        HTTPResponse userInfoHttp = new UserInfoRequest(provider.getUserInfoEndpointURI(),
                (BearerAccessToken) tokens.getAccessToken()).toHTTPRequest().send();
        UserInfo userInfo = UserInfoResponse.parse(userInfoHttp).toSuccessResponse().getUserInfo();
        assertThat(userInfo.getSubject()).isEqualTo(claims.getSubject());
        assertThat(userInfo.getPreferredUsername()).isEqualTo("alice");

        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(provider.getTokenEndpointURI(),
                client, new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
        assertThat(refreshed.indicatesSuccess()).isTrue();
        RefreshToken next = refreshed.toSuccessResponse().getTokens().getRefreshToken();
        BearerAccessToken nextAccess = refreshed.toSuccessResponse().getTokens().getBearerAccessToken();
        assertThat(next).isNotEqualTo(tokens.getRefreshToken());

        ClientSecretBasic api = new ClientSecretBasic(new ClientID("orders-api"), serviceSecret);
        TokenIntrospectionSuccessResponse live = introspect(provider, api, nextAccess.getValue());
        assertThat(live.isActive()).isTrue();
        assertThat(live.getSubject().getValue()).isEqualTo(claims.getSubject().getValue());
        assertThat(live.getClientID()).isEqualTo(client);
        assertThat(introspect(provider, api, next.getValue()).isActive())
                .as("a refresh token is its client's business, not the API's").isFalse();

        HTTPResponse revoked = new TokenRevocationRequest(provider.getRevocationEndpointURI(), client, next)
                .toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);

        assertThat(introspect(provider, api, nextAccess.getValue()).isActive())
                .as("revoking the refresh token ends the session, so its access tokens die at once").isFalse();
        TokenResponse afterRevocation = OIDCTokenResponseParser.parse(new TokenRequest(provider.getTokenEndpointURI(),
                client, new RefreshTokenGrant(next)).toHTTPRequest().send());
        assertThat(afterRevocation.indicatesSuccess()).isFalse();
        assertThat(afterRevocation.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    private static TokenIntrospectionSuccessResponse introspect(OIDCProviderMetadata provider, ClientSecretBasic api,
                                                                String token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                provider.getIntrospectionEndpointURI(), api, new com.nimbusds.oauth2.sdk.token.TypelessAccessToken(token))
                .toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }
}
