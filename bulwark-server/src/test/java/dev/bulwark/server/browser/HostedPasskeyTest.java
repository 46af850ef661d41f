package dev.bulwark.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.RealBrowser;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser (Debian's chromium, through Playwright) with Chromium's virtual WebAuthn authenticator: the user
 * signs in with a password on the hosted page, registers a passkey on the hosted passkey page, and signs in with it,
 * without a username, on the hosted sign-in page. Served on {@code http://localhost} (127.0.0.1 is no valid RP ID).
 */
class HostedPasskeyTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    /** The app's loopback redirect URI: the browser's context answers it, and the test reads the code from it. */
    private static final String REDIRECT = "http://127.0.0.1:9/callback";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_SERVER_HOST", "localhost"),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().accounts().create(NewUser.named(Username.of("dana")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String authorize(TestOAuth.Pkce pkce, String extra) {
        return base + "oauth2/authorize?response_type=code&client_id=shop-app&scope=openid&state=s1"
                + "&redirect_uri=" + REDIRECT + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"
                + extra;
    }

    /** Runs the action and returns the code the browser then carried to the app's redirect URI. */
    private static String codeAfter(Page page, Runnable action) {
        Request request = page.waitForRequest(url -> url.url().startsWith(REDIRECT), action);
        page.waitForURL(url -> url.startsWith(REDIRECT));
        String query = URI.create(request.url()).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no code in " + request.url());
    }

    private static JWTClaimsSet idToken(String code, TestOAuth.Pkce pkce) throws Exception {
        var tokens = TestOAuth.json(Form.of("grant_type", "authorization_code", "client_id", "shop-app", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", pkce.verifier()).post(base, "oauth2/token"));
        return SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
    }

    @Test
    void whenAPasskeyIsRegisteredOnTheHostedPageThenTheUserSignsInWithItWithoutAUsername() throws Exception {
        try (RealBrowser chromium = RealBrowser.launch(); BrowserContext context = chromium.browser().newContext()) {
            // The app: a page at its redirect URI, so that the navigation there ends before the next one starts.
            context.route(REDIRECT + "**", route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                    .setContentType("text/plain").setBody("back in the app")));
            Page page = context.newPage();
            CDPSession cdp = context.newCDPSession(page);
            cdp.send("WebAuthn.enable");
            JsonObject authenticator = new JsonObject();
            authenticator.addProperty("protocol", "ctap2");
            authenticator.addProperty("transport", "internal");
            authenticator.addProperty("hasResidentKey", true);
            authenticator.addProperty("hasUserVerification", true);
            authenticator.addProperty("isUserVerified", true);
            authenticator.addProperty("automaticPresenceSimulation", true);
            JsonObject options = new JsonObject();
            options.add("options", authenticator);
            cdp.send("WebAuthn.addVirtualAuthenticator", options);

            TestOAuth.Pkce first = TestOAuth.pkce();
            page.navigate(authorize(first, ""));
            page.fill("#username", "dana");
            page.fill("#password", PASSWORD);
            String passwordCode = codeAfter(page, () -> page.click("button[type=submit]"));
            assertThat(idToken(passwordCode, first).getStringListClaim("amr")).containsExactly("pwd");

            page.navigate(base + "ui/passkeys");
            assertThat(page.textContent("main")).contains("No passkeys yet.");
            page.fill("#passkey-name", "Work laptop");
            page.click("#passkey-create");
            page.waitForSelector("#added");
            assertThat(page.textContent("#added")).contains("Work laptop");
            assertThat(server.bulwark().passkeys().of(server.bulwark().accounts().find("dana").orElseThrow().id()))
                    .extracting(p -> p.name()).containsExactly("Work laptop");
            page.navigate(base + "ui/passkeys");
            assertThat(page.textContent("main")).as("with a factor now, changes need it").contains("Sign in again");

            TestOAuth.Pkce second = TestOAuth.pkce();
            page.navigate(authorize(second, "&prompt=login"));
            assertThat(page.isVisible("#passkey-sign-in")).isTrue();
            String passkeyCode = codeAfter(page, () -> page.click("#passkey-sign-in"));
            JWTClaimsSet claims = idToken(passkeyCode, second);

            assertThat(claims.getStringListClaim("amr")).containsExactly("hwk", "user", "mfa");
            assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
            assertThat(claims.getSubject()).isEqualTo(server.bulwark().accounts().find("dana").orElseThrow().id()
                    .toString());
        }
    }

    @Test
    void whenNoOneIsSignedInThenThePasskeyPageRefuses() {
        try (RealBrowser chromium = RealBrowser.launch(); BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            var response = page.navigate(base + "ui/passkeys");
            assertThat(response.status()).isEqualTo(403);
            assertThat(page.isVisible("#passkey-create")).isFalse();
        }
    }
}
