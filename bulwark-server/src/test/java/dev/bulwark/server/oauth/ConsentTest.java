package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.AppType;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review, item 2: third-party apps got codes with no one ever asked. Now a third-party app gets a code only
 * after the user consents on the hosted pages (what app, which scopes), which is remembered per user and app and can
 * be withdrawn through the account API.
 */
class ConsentTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final String PARTNER_REDIRECT = "com.partner.app:/callback";
    private static final String PORTAL_REDIRECT = "https://portal.partner.example/callback";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String portalSecret;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        var apps = server.bulwark().apps();
        apps.create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        apps.create(AppDefinition.builder(new ClientId("partner-app"), AppType.NATIVE).name("Partner Fitness")
                .redirectUris(List.of(RedirectUri.of(PARTNER_REDIRECT)))
                .scopes(Scopes.parse("openid profile email")).build(), Actor.SYSTEM);
        portalSecret = apps.create(AppDefinition.builder(new ClientId("partner-portal"), AppType.SERVICE)
                .name("Partner Portal").grants(Set.of(GrantType.AUTHORIZATION_CODE))
                .redirectUris(List.of(RedirectUri.of(PORTAL_REDIRECT))).scopes(Scopes.parse("openid profile"))
                .build(), Actor.SYSTEM).clientSecret().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newUser() {
        String name = "user" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        return name;
    }

    private static String authorize(String client, String redirect, String scope, TestOAuth.Pkce pkce,
                                    String... extra) {
        StringBuilder query = new StringBuilder("oauth2/authorize?response_type=code&client_id=" + client
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8) + "&state=s1&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256");
        for (int i = 0; i < extra.length; i += 2) {
            query.append('&').append(extra[i]).append('=').append(URLEncoder.encode(extra[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static HttpResponse<String> signIn(TestBrowser browser, HttpResponse<String> page, String name) {
        return browser.post("ui/sign-in", browser.origin(), "request", TestBrowser.requestHandle(page),
                "username", name, "password", PASSWORD);
    }

    private static HttpResponse<String> decide(TestBrowser browser, HttpResponse<String> page, String decision) {
        return browser.post("ui/confirm", browser.origin(), "request", TestBrowser.requestHandle(page),
                "decision", decision);
    }

    private static JsonNode exchange(String client, Map<String, String> redirect, TestOAuth.Pkce pkce,
                                     String redirectUri) {
        HttpResponse<String> exchanged = Form.of("grant_type", "authorization_code", "client_id", client, "code",
                redirect.get("code"), "redirect_uri", redirectUri, "code_verifier", pkce.verifier())
                .post(base, "oauth2/token");
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        return TestOAuth.json(exchanged);
    }

    @Test
    void whenAThirdPartyAppAsksThenTheUserConsentsToWhatItGetsBeforeACodeAndTheConsentIsRemembered() {
        String name = newUser();
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();

        HttpResponse<String> consent = signIn(browser, browser.get(authorize("partner-app", PARTNER_REDIRECT,
                "openid profile", pkce)), name);

        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.headers().firstValue("Location")).as("no code before consent").isEmpty();
        assertThat(consent.body()).contains("Allow Partner Fitness?").contains("See your username")
                .contains("Know who you are").doesNotContain("email address");
        HttpResponse<String> allowed = decide(browser, consent, "allow");
        JsonNode tokens = exchange("partner-app", TestBrowser.redirectParameters(allowed), pkce, PARTNER_REDIRECT);
        assertThat(tokens.get("scope").asText()).isEqualTo("openid profile");
        assertThat(server.bulwark().audit().latest(50)).extracting(AuditRecord::type).contains("consent.granted");

        JsonNode account = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone");
        JsonNode listed = TestOAuth.json(ApiCalls.get(base, "account/v1/consents",
                account.get("access_token").asText())).get("consents");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("client_id").asText()).isEqualTo("partner-app");
        assertThat(listed.get(0).get("app").asText()).isEqualTo("Partner Fitness");
        assertThat(listed.get(0).get("scope").asText()).isEqualTo("openid profile");

        HttpResponse<String> remembered = browser.get(authorize("partner-app", PARTNER_REDIRECT, "openid", TestOAuth.pkce()));
        assertThat(remembered.body()).as("remembered, but a public client on single sign-on still confirms")
                .contains("Continue as " + name).doesNotContain("Allow Partner");
        HttpResponse<String> more = browser.get(authorize("partner-app", PARTNER_REDIRECT, "openid email",
                TestOAuth.pkce()));
        assertThat(more.body()).as("asking for more asks again").contains("Allow Partner Fitness?")
                .contains("See your email address");
    }

    @Test
    void whenTheUserDeniesThenTheAppGetsAccessDeniedAndNoCode() {
        String name = newUser();
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> consent = signIn(browser, browser.get(authorize("partner-app", PARTNER_REDIRECT,
                "openid", TestOAuth.pkce())), name);

        Map<String, String> denied = TestBrowser.redirectParameters(decide(browser, consent, "deny"));

        assertThat(denied).containsEntry("error", "access_denied").containsEntry("state", "s1")
                .doesNotContainKey("code");
    }

    @Test
    void whenAThirdPartyAppTriesSingleSignOnSilentlyWithoutConsentThenConsentRequired() {
        String name = newUser();
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> page = browser.get(authorize("shop-app", "com.example.app:/callback", "openid",
                TestOAuth.pkce()));
        signIn(browser, page, name);

        Map<String, String> silent = TestBrowser.redirectParameters(browser.get(authorize("partner-app",
                PARTNER_REDIRECT, "openid", TestOAuth.pkce(), "prompt", "none")));

        assertThat(silent).containsEntry("error", "consent_required").doesNotContainKey("code");
    }

    @Test
    void whenAConfidentialThirdPartyAppHasConsentThenSingleSignOnIsSilentUntilPromptConsent() {
        String name = newUser();
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> consent = signIn(browser, browser.get(authorize("partner-portal", PORTAL_REDIRECT,
                "openid profile", TestOAuth.pkce())), name);
        assertThat(TestBrowser.redirectParameters(decide(browser, consent, "allow"))).containsKey("code");

        HttpResponse<String> silent = browser.get(authorize("partner-portal", PORTAL_REDIRECT, "openid",
                TestOAuth.pkce(), "prompt", "none"));
        HttpResponse<String> asked = browser.get(authorize("partner-portal", PORTAL_REDIRECT, "openid",
                TestOAuth.pkce(), "prompt", "consent"));

        assertThat(TestBrowser.redirectParameters(silent)).containsKey("code");
        assertThat(asked.body()).contains("Allow Partner Portal?");
    }

    @Test
    void whenTheUserWithdrawsConsentThenTheAppsSessionsEndAndItMustAskAgain() {
        String name = newUser();
        TestBrowser browser = new TestBrowser(base);
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        HttpResponse<String> consent = signIn(browser, browser.get(authorize("partner-app", PARTNER_REDIRECT,
                "openid", pkce)), name);
        JsonNode partner = exchange("partner-app", TestBrowser.redirectParameters(decide(browser, consent, "allow")),
                pkce, PARTNER_REDIRECT);
        String account = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone")
                .get("access_token").asText();

        HttpResponse<String> withdrawn = ApiCalls.call(base, "DELETE", "account/v1/consents/partner-app", account,
                null);

        assertThat(withdrawn.statusCode()).isEqualTo(204);
        assertThat(TestLogin.refresh(base, "partner-app", partner.get("refresh_token").asText()).statusCode())
                .as("the app's session ended with the consent").isEqualTo(400);
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/consents/partner-app", account, null).statusCode())
                .isEqualTo(404);
        assertThat(browser.get(authorize("partner-app", PARTNER_REDIRECT, "openid", TestOAuth.pkce())).body())
                .contains("Allow Partner Fitness?");
    }
}
