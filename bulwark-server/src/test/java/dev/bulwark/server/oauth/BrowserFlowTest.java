package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization endpoint with its hosted sign-in page, as a native app uses it through the system browser
 * (RFC 8252), over real HTTP against SQLite.
 */
class BrowserFlowTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final String ADMIN_PASSWORD = "quiet lanterns drift past copper hills";
    private static final String REDIRECT = "com.example.app:/callback";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String issuer;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        issuer = server.url().toString();
        server.bulwark().accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeAppBuilder("claimed-app")
                .redirectUris(List.of(RedirectUri.of(CLAIMED))).build(), Actor.SYSTEM);
    }

    private static final String CLAIMED = "https://shop.example.com/app/callback";

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The query of an authorization request; pairs override or (with a null value) remove the defaults. */
    static String authorize(TestOAuth.Pkce pkce, String... overrides) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", "shop-app");
        parameters.put("response_type", "code");
        parameters.put("redirect_uri", REDIRECT);
        parameters.put("scope", "openid profile");
        parameters.put("state", "st-123");
        parameters.put("nonce", "n-456");
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                parameters.remove(overrides[i]);
            } else {
                parameters.put(overrides[i], overrides[i + 1]);
            }
        }
        return "oauth2/authorize?" + parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static HttpResponse<String> signIn(TestBrowser browser, HttpResponse<String> page, String username, String password) {
        return browser.post("ui/sign-in", browser.origin(), "request", TestBrowser.requestHandle(page),
                "username", username, "password", password);
    }

    static HttpResponse<String> exchange(String code, TestOAuth.Pkce pkce, String redirectUri) {
        return Form.of("grant_type", "authorization_code", "client_id", "shop-app", "code", code,
                "redirect_uri", redirectUri, "code_verifier", pkce.verifier()).post(base, "oauth2/token");
    }

    @Test
    void whenSignedInOnTheHostedPageThenTheAppGetsACodeWithStateAndIssuerAndExchangesIt() throws Exception {
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();

        HttpResponse<String> page = browser.get(authorize(pkce));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "frame-ancestors 'none'", "form-action 'self' com.example.app:")
                .contains("script-src 'self';").as("only Bulwark's passkey script").doesNotContain("unsafe"));
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("bulwark_authz=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(page.body()).contains("Test app").contains("autocomplete=\"current-password\"");
        assertThat(page.headers().firstValue("Referrer-Policy")).as("so that browsers send Origin with the form")
                .contains("same-origin");

        HttpResponse<String> redirect = signIn(browser, page, "alice", PASSWORD);
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(REDIRECT + "?"));
        Map<String, String> response = TestBrowser.redirectParameters(redirect);
        assertThat(response).containsEntry("state", "st-123").containsEntry("iss", issuer).containsKey("code");

        HttpResponse<String> tokens = exchange(response.get("code"), pkce, REDIRECT);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = TestOAuth.json(tokens);
        SignedJWT idToken = SignedJWT.parse(body.get("id_token").asText());
        assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-456");
        assertThat(idToken.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(idToken.getJWTClaimsSet().getStringListClaim("amr")).containsExactly("pwd");
        assertThat(body.get("refresh_token").asText()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void whenTheClientOrRedirectUriDoesNotCheckOutThenAnErrorPageAndNeverARedirect() {
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();

        HttpResponse<String> unknownClient = browser.get(authorize(pkce, "client_id", "no-such-app"));
        HttpResponse<String> foreignRedirect = browser.get(authorize(pkce, "redirect_uri", "https://evil.example/cb"));
        HttpResponse<String> prefixRedirect = browser.get(authorize(pkce, "redirect_uri", REDIRECT + "/more"));

        for (HttpResponse<String> response : java.util.List.of(unknownClient, foreignRedirect, prefixRedirect)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).isEmpty();
            assertThat(response.body()).contains("Cannot continue").doesNotContain("evil.example");
        }
    }

    @Test
    void whenPkceIsMissingOrPlainOrTheResponseTypeIsNotCodeThenTheErrorGoesToTheAppWithStateAndIssuer() {
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();

        var missing = TestBrowser.redirectParameters(browser.get(authorize(pkce, "code_challenge", null,
                "code_challenge_method", null)));
        var plain = TestBrowser.redirectParameters(browser.get(authorize(pkce, "code_challenge_method", "plain")));
        var implicit = TestBrowser.redirectParameters(browser.get(authorize(pkce, "response_type", "token")));
        var badScope = TestBrowser.redirectParameters(browser.get(authorize(pkce, "scope", "openid bulwark:admin")));

        assertThat(missing).containsEntry("error", "invalid_request").containsEntry("state", "st-123")
                .containsEntry("iss", issuer).doesNotContainKey("code");
        assertThat(plain).containsEntry("error", "invalid_request");
        assertThat(implicit).containsEntry("error", "unsupported_response_type");
        assertThat(badScope).containsEntry("error", "invalid_scope");
    }

    @Test
    void whenTheLoopbackRedirectUsesAnyPortThenItIsAccepted() {
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        String loopback = "http://127.0.0.1:51234/callback";

        HttpResponse<String> page = browser.get(authorize(pkce, "redirect_uri", loopback));
        HttpResponse<String> redirect = signIn(browser, page, "alice", PASSWORD);

        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(loopback + "?"));
        String code = TestBrowser.redirectParameters(redirect).get("code");
        assertThat(exchange(code, pkce, "http://127.0.0.1:51235/callback").statusCode())
                .as("the code is bound to the exact redirect URI, port included").isEqualTo(400);
    }

    @Test
    void whenThePasswordIsWrongOrTheUserUnknownThenTheSamePageSaysNothingMore() {
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> page = browser.get(authorize(TestOAuth.pkce()));

        HttpResponse<String> wrong = signIn(browser, page, "alice", "not the password at all");
        HttpResponse<String> unknown = signIn(browser, page, "nobody", "not the password at all");

        assertThat(wrong.statusCode()).isEqualTo(200).isEqualTo(unknown.statusCode());
        assertThat(wrong.body()).isEqualTo(unknown.body()).contains("The username or password is not correct.");
        assertThat(wrong.body()).doesNotContain("not the password at all");
    }

    @Test
    void whenTheFormIsPostedFromAnotherSiteOrAnotherBrowserThenItIsRefused() {
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> page = browser.get(authorize(TestOAuth.pkce()));
        String handle = TestBrowser.requestHandle(page);

        HttpResponse<String> crossSite = browser.post("ui/sign-in", "https://evil.example", "request", handle,
                "username", "alice", "password", PASSWORD);
        HttpResponse<String> opaque = browser.post("ui/sign-in", "null", "request", handle,
                "username", "alice", "password", PASSWORD);
        assertThat(opaque.statusCode()).isEqualTo(403);
        HttpResponse<String> otherBrowser = new TestBrowser(base).post("ui/sign-in", null, "request", handle,
                "username", "alice", "password", PASSWORD);

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(otherBrowser.statusCode()).isEqualTo(400);
        assertThat(otherBrowser.headers().firstValue("Location")).isEmpty();
        assertThat(signIn(browser, page, "alice", PASSWORD).statusCode())
                .as("the refused attempts did not spend the request").isEqualTo(303);
    }

    /**
     * Single sign-on for a first-party app with a claimed https redirect, which no other app can receive: no form,
     * unless prompt=login or max_age asks for a fresh sign-in.
     */
    @Test
    void whenSignedInAlreadyThenAClaimedHttpsAppSkipsTheFormUnlessPromptLoginOrMaxAgeAsksForAFreshSignIn() {
        TestBrowser browser = new TestBrowser(base);
        signIn(browser, browser.get(authorize(TestOAuth.pkce())), "alice", PASSWORD);

        HttpResponse<String> silent = browser.get(claimed(TestOAuth.pkce(), "prompt", "none"));
        HttpResponse<String> again = browser.get(claimed(TestOAuth.pkce()));
        HttpResponse<String> login = browser.get(claimed(TestOAuth.pkce(), "prompt", "login"));
        HttpResponse<String> stale = browser.get(claimed(TestOAuth.pkce(), "max_age", "0"));
        HttpResponse<String> recent = browser.get(claimed(TestOAuth.pkce(), "max_age", "3600"));

        assertThat(TestBrowser.redirectParameters(silent)).containsKey("code");
        assertThat(TestBrowser.redirectParameters(again)).containsKey("code");
        assertThat(TestBrowser.redirectParameters(recent)).containsKey("code");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"password\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).contains("name=\"password\"");
    }

    private static String claimed(TestOAuth.Pkce pkce, String... overrides) {
        List<String> pairs = new java.util.ArrayList<>(List.of("client_id", "claimed-app", "redirect_uri", CLAIMED));
        pairs.addAll(List.of(overrides));
        return authorize(pkce, pairs.toArray(String[]::new));
    }

    /**
     * Security review, item 2 (RFC 8252 §8.6): another app on the phone can claim a private-use scheme or a loopback
     * port and ride on the browser's session. A public client without a claimed https redirect gets its code from
     * single sign-on only after an explicit "Continue as alice".
     */
    @Test
    void whenSignedInAlreadyThenAPrivateSchemeAppGetsItsCodeOnlyAfterContinueAs() {
        TestBrowser browser = new TestBrowser(base);
        signIn(browser, browser.get(authorize(TestOAuth.pkce())), "alice", PASSWORD);

        HttpResponse<String> silent = browser.get(authorize(TestOAuth.pkce(), "prompt", "none"));
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> again = browser.get(authorize(pkce));

        assertThat(TestBrowser.redirectParameters(silent)).containsEntry("error", "interaction_required")
                .doesNotContainKey("code");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Continue as alice").doesNotContain("name=\"password\"");
        HttpResponse<String> continued = browser.post("ui/confirm", browser.origin(), "request",
                TestBrowser.requestHandle(again), "decision", "allow");
        String code = TestBrowser.redirectParameters(continued).get("code");
        assertThat(exchange(code, pkce, REDIRECT).statusCode()).isEqualTo(200);
        assertThat(browser.post("ui/confirm", browser.origin(), "request", TestBrowser.requestHandle(again),
                "decision", "allow").statusCode()).as("a confirmation is used once").isEqualTo(400);

        HttpResponse<String> other = browser.get(authorize(TestOAuth.pkce()));
        HttpResponse<String> switched = browser.post("ui/confirm", browser.origin(), "request",
                TestBrowser.requestHandle(other), "decision", "switch");
        assertThat(switched.body()).as("not alice: the sign-in form").contains("name=\"password\"");
    }

    @Test
    void whenPromptNoneAndNobodyIsSignedInThenLoginRequiredGoesToTheApp() {
        var response = TestBrowser.redirectParameters(new TestBrowser(base).get(authorize(TestOAuth.pkce(),
                "prompt", "none")));

        assertThat(response).containsEntry("error", "login_required").containsEntry("state", "st-123");
    }

    @Test
    void whenACodeIsUsedTwiceThenTheSecondFailsAndWhatTheFirstIssuedIsRevoked() {
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        String code = TestBrowser.redirectParameters(signIn(browser, browser.get(authorize(pkce)), "alice", PASSWORD))
                .get("code");

        JsonNode first = TestOAuth.json(exchange(code, pkce, REDIRECT));
        HttpResponse<String> second = exchange(code, pkce, REDIRECT);
        HttpResponse<String> refresh = Form.of("grant_type", "refresh_token", "client_id", "shop-app",
                "refresh_token", first.get("refresh_token").asText()).post(base, "oauth2/token");

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(second).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(TestOAuth.json(refresh).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void whenTheOneTimePasswordSignsInThenANewPasswordIsRequiredBeforeTheAppGetsItsCode() {
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> page = browser.get(authorize(pkce));

        HttpResponse<String> change = signIn(browser, page, "admin", ADMIN_PASSWORD);
        assertThat(change.statusCode()).isEqualTo(200);
        assertThat(change.body()).contains("Choose a new password").doesNotContain("code=");
        String handle = TestBrowser.requestHandle(change);
        HttpResponse<String> weak = browser.post("ui/password", browser.origin(), "request", handle,
                "new_password", "admin");
        assertThat(weak.statusCode()).isEqualTo(200);
        assertThat(weak.body()).contains("That password cannot be used");
        HttpResponse<String> done = browser.post("ui/password", browser.origin(), "request", handle,
                "new_password", "brass kettles hum at the harbour");

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(exchange(TestBrowser.redirectParameters(done).get("code"), pkce, REDIRECT).statusCode()).isEqualTo(200);
    }
}
