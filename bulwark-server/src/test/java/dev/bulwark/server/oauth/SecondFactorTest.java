package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.ApiCalls;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestAuthenticator;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestLogin;
import dev.bulwark.server.support.TestOAuth;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second factors over real HTTP: enrolment of an authenticator app through the account API (its QR code scanned,
 * its codes made by an independent TOTP library), the first-party challenge endpoint asking for a factor by app
 * policy and by acr_values, enrolment during sign-in, recovery codes, replay refusal, step-up for factor changes.
 * The clock stands still unless the test moves it, so that time steps are certain.
 */
class SecondFactorTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    /** Mid-step, so that the ±1 step of drift is exactly the step before and the step after. */
    private static final MovableClock CLOCK = new MovableClock(Instant.ofEpochSecond(
            (Instant.now().getEpochSecond() / 30) * 30 + 10));
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), CLOCK, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        var apps = server.bulwark().apps();
        apps.create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        apps.create(TestApps.nativeApp("bank-app", new SecondFactorPolicy(SecondFactorPolicy.Requirement.REQUIRED,
                EnumSet.allOf(FactorKind.class), Scopes.NONE)), Actor.SYSTEM);
        apps.create(TestApps.nativeApp("kiosk-app", new SecondFactorPolicy(SecondFactorPolicy.Requirement.OFF,
                EnumSet.allOf(FactorKind.class), Scopes.NONE)), Actor.SYSTEM);
        AppDefinition sensitive = TestApps.nativeApp("pay-app", new SecondFactorPolicy(
                SecondFactorPolicy.Requirement.SENSITIVE_SCOPES, EnumSet.allOf(FactorKind.class),
                Scopes.parse("profile")));
        apps.create(sensitive, Actor.SYSTEM);
        apps.create(TestApps.nativeApp("totp-only-app", new SecondFactorPolicy(SecondFactorPolicy.Requirement.REQUIRED,
                EnumSet.of(FactorKind.TOTP), Scopes.NONE)), Actor.SYSTEM);
        apps.create(TestApps.nativeApp("optional-totp-app", new SecondFactorPolicy(
                SecondFactorPolicy.Requirement.OPTIONAL, EnumSet.of(FactorKind.TOTP, FactorKind.RECOVERY_CODE),
                Scopes.NONE)), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long passwordsVerifiedFor(String userId) {
        return server.bulwark().audit().latest(10_000).stream()
                .filter(r -> r.type().equals("credential.verified") && r.subject().equals(userId)).count();
    }

    private static String newUser() {
        String name = "user" + USERS.incrementAndGet();
        server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
        return name;
    }

    /** A sign-in in progress on the challenge endpoint. */
    private static final class SignIn {
        final String clientId;
        final TestOAuth.Pkce pkce = TestOAuth.pkce();
        String authSession;

        SignIn(String clientId) {
            this.clientId = clientId;
        }

        HttpResponse<String> start(String username, String scope, String... more) {
            List<String> pairs = new ArrayList<>(List.of("client_id", clientId, "response_type", "code", "scope",
                    scope, "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", username,
                    "password", PASSWORD));
            pairs.addAll(List.of(more));
            return remember(Form.of(pairs.toArray(String[]::new)).post(base, "oauth2/authorize-challenge"));
        }

        HttpResponse<String> next(String... pairs) {
            List<String> all = new ArrayList<>(List.of("client_id", clientId, "auth_session", authSession));
            all.addAll(List.of(pairs));
            return remember(Form.of(all.toArray(String[]::new)).post(base, "oauth2/authorize-challenge"));
        }

        private HttpResponse<String> remember(HttpResponse<String> response) {
            JsonNode json = TestOAuth.json(response);
            if (json.has("auth_session")) {
                authSession = json.get("auth_session").asText();
            }
            return response;
        }

        JsonNode tokens(HttpResponse<String> challenged) {
            assertThat(challenged.statusCode()).as(challenged.body()).isEqualTo(200);
            HttpResponse<String> exchanged = Form.of("grant_type", "authorization_code", "client_id", clientId,
                    "code", TestOAuth.json(challenged).get("authorization_code").asText(), "code_verifier",
                    pkce.verifier(), "device_id", "phone-" + clientId).post(base, "oauth2/token");
            assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
            return TestOAuth.json(exchanged);
        }
    }

    private static String code(byte[] seed, Instant at) {
        return TestAuthenticator.code(seed, at);
    }

    private static byte[] base32(String text) {
        return TestAuthenticator.base32(text);
    }

    private static JWTClaimsSet idToken(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
    }

    /** An enrolled authenticator's seed, and the recovery codes that came with it. */
    private record Enrolled(byte[] seed, List<String> recoveryCodes) {
    }

    private static byte[] enrolAuthenticator(String accessToken) throws Exception {
        return enrolAuthenticatorWithCodes(accessToken).seed();
    }

    /** Enrols an authenticator app through the account API the way a phone would: scans the QR code. */
    private static Enrolled enrolAuthenticatorWithCodes(String accessToken) throws Exception {
        HttpResponse<String> begun = ApiCalls.call(base, "POST", "account/v1/factors/totp", accessToken, "{}");
        assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
        assertThat(begun.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode enrolment = TestOAuth.json(begun);
        String uri = scan(enrolment.get("qr_code").asText());
        assertThat(uri).isEqualTo(enrolment.get("otpauth_uri").asText())
                .startsWith("otpauth://totp/Bulwark:").contains("issuer=Bulwark").contains("algorithm=SHA1")
                .contains("digits=6").contains("period=30");
        byte[] seed = base32(parameter(uri, "secret"));
        assertThat(seed).hasSize(20);

        HttpResponse<String> wrong = ApiCalls.call(base, "POST", "account/v1/factors/totp/"
                + enrolment.get("id").asText() + "/confirm", accessToken, "{\"code\":\"000000\"}".replace("000000",
                otherThan(code(seed, CLOCK.instant()))));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> confirmed = ApiCalls.call(base, "POST", "account/v1/factors/totp/"
                + enrolment.get("id").asText() + "/confirm", accessToken,
                "{\"code\":\"" + code(seed, CLOCK.instant()) + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        TestOAuth.json(confirmed).get("recovery_codes").forEach(c -> codes.add(c.asText()));
        return new Enrolled(seed, codes);
    }

    private static String otherThan(String code) {
        return code.equals("123456") ? "654321" : "123456";
    }

    private static String scan(String dataUri) throws Exception {
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        // An image straight from the server, not a photo: read it as a pure barcode.
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(
                image.getWidth(), image.getHeight(), pixels))), java.util.Map.of(
                com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private static String parameter(String uri, String name) {
        for (String pair : URI.create(uri).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }

    @Test
    void whenAUserEnrolsAnAuthenticatorThenSignInAsksForItsCodeAcceptsItOnceAndReportsTwoFactors() throws Exception {
        String name = newUser();
        JsonNode first = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-1");
        assertThat(idToken(first).getStringClaim("acr")).isEqualTo("urn:bulwark:aal1");
        byte[] seed = enrolAuthenticator(first.get("access_token").asText());
        assertThat(TestOAuth.json(ApiCalls.get(base, "account/v1/factors", first.get("access_token").asText()))
                .get("totp")).hasSize(1);

        SignIn signIn = new SignIn("shop-app");
        String userId = server.bulwark().accounts().find(name).orElseThrow().id().toString();
        long verifiedBefore = passwordsVerifiedFor(userId);
        HttpResponse<String> asked = signIn.start(name, "openid");
        assertThat(asked.statusCode()).isEqualTo(403);
        assertThat(TestOAuth.json(asked).get("error").asText()).isEqualTo("insufficient_authorization");
        assertThat(passwordsVerifiedFor(userId)).as("the password is audited with the step that asks for more")
                .isEqualTo(verifiedBefore + 1);
        assertThat(TestOAuth.json(asked).get("factors")).extracting(JsonNode::asText)
                .containsExactly("recovery_code", "totp");
        // The code that confirmed the enrolment was used: a code is accepted once (RFC 6238 §5.2).
        HttpResponse<String> replayed = signIn.next("otp", code(seed, CLOCK.instant()));
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(replayed).get("error").asText()).isEqualTo("access_denied");
        assertThat(replayed.body()).doesNotContain("bulwark_failed_attempt");
        // The authenticator's next code, one step of drift ahead, is accepted.
        JsonNode tokens = signIn.tokens(signIn.next("otp", code(seed, CLOCK.instant().plusSeconds(30))));

        JWTClaimsSet claims = idToken(tokens);
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
        SignIn again = new SignIn("shop-app");
        again.start(name, "openid");
        assertThat(again.next("otp", code(seed, CLOCK.instant().plusSeconds(30))).statusCode())
                .as("the same code a second time").isEqualTo(400);
        assertThat(again.next("otp", code(seed, CLOCK.instant().plusSeconds(60))).statusCode())
                .as("two steps ahead is beyond the drift allowed").isEqualTo(400);
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(again.next("otp", code(seed, CLOCK.instant())).statusCode()).isEqualTo(200);
    }

    /** A new user whose one factor is a biometric device key, which the TOTP-only apps do not accept. */
    private static String newUserWithADeviceKeyOnly() throws Exception {
        String name = newUser();
        var user = server.bulwark().accounts().find(name).orElseThrow();
        server.bulwark().deviceKeys().register(user.id(), Optional.empty(),
                new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString(), "Phone", Optional.empty(),
                Actor.user(user.id()));
        return name;
    }

    /**
     * Security review, item 3: "has a second factor" counted only the kinds the app accepts, so a user whose factor
     * is a device key was offered TOTP enrolment with the password alone by an app that demands a factor.
     */
    @Test
    void whenAUsersOnlyFactorIsOneTheAppDoesNotAcceptThenARequiredFactorIsRefusedClearlyAndNotEnrolled()
            throws Exception {
        String name = newUserWithADeviceKeyOnly();

        HttpResponse<String> refused = new SignIn("totp-only-app").start(name, "openid");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = TestOAuth.json(refused);
        assertThat(body.get("error").asText()).isEqualTo("access_denied");
        assertThat(body.get("error_description").asText()).contains("does not accept").contains("device_key");
        assertThat(body.has("enroll")).isFalse();
        assertThat(body.has("otpauth_uri")).isFalse();
        HttpResponse<String> enrolAnyway = new SignIn("totp-only-app").start(name, "openid", "enroll", "totp");
        assertThat(TestOAuth.json(enrolAnyway).has("otpauth_uri")).as("no enrolment with the password alone").isFalse();
        assertThat(server.bulwark().secondFactors().pendingTotp(server.bulwark().accounts().find(name).orElseThrow()
                .id())).isEmpty();
    }

    /** Security review, item 3: under an optional policy the same user skipped the factor altogether. */
    @Test
    void whenAUsersOnlyFactorIsOneTheAppDoesNotAcceptThenAnOptionalPolicyDoesNotLetThemSkipIt() throws Exception {
        String name = newUserWithADeviceKeyOnly();

        HttpResponse<String> refused = new SignIn("optional-totp-app").start(name, "openid");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(TestOAuth.json(refused).get("error").asText()).isEqualTo("access_denied");
        assertThat(TestOAuth.json(refused).has("authorization_code")).isFalse();
    }

    /** The same user in the browser: a clear page, no authenticator enrolment. */
    @Test
    void whenAUsersOnlyFactorIsADeviceKeyThenTheHostedPagesSayItCannotBeUsedThereRatherThanEnrolOne()
            throws Exception {
        String name = newUserWithADeviceKeyOnly();
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> page = browser.get("oauth2/authorize?response_type=code&client_id=bank-app"
                + "&redirect_uri=com.example.app:/callback&scope=openid&code_challenge=" + TestOAuth.pkce().challenge()
                + "&code_challenge_method=S256");

        HttpResponse<String> answer = browser.post("ui/sign-in", browser.origin(), "request",
                TestBrowser.requestHandle(page), "username", name, "password", PASSWORD);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("device_key").doesNotContain("otpauth").doesNotContain("name=\"otp\"");
    }

    @Test
    void whenARecoveryCodeIsUsedThenItSignsInOnceAndANewSetVoidsTheOldOne() throws Exception {
        String name = newUser();
        JsonNode first = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-2");
        Enrolled enrolled = enrolAuthenticatorWithCodes(first.get("access_token").asText());
        List<String> codes = enrolled.recoveryCodes();
        assertThat(codes).as("the first authenticator comes with recovery codes").hasSize(10).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){6}"));
        assertThat(ApiCalls.call(base, "POST", "account/v1/factors/recovery-codes", first.get("access_token")
                .asText(), "{}").statusCode()).as("now that a factor exists, changes need it").isEqualTo(401);
        SignIn strong = new SignIn("shop-app");
        strong.start(name, "openid bulwark:account");
        String access = strong.tokens(strong.next("otp", code(enrolled.seed(), CLOCK.instant().plusSeconds(30))))
                .get("access_token").asText();

        SignIn signIn = new SignIn("shop-app");
        assertThat(TestOAuth.json(signIn.start(name, "openid")).get("factors")).extracting(JsonNode::asText)
                .containsExactly("recovery_code", "totp");
        JsonNode tokens = signIn.tokens(signIn.next("recovery_code", codes.get(0).toUpperCase().replace("-", " ")));
        assertThat(idToken(tokens).getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");

        SignIn reuse = new SignIn("shop-app");
        reuse.start(name, "openid");
        assertThat(reuse.next("recovery_code", codes.get(0)).statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(ApiCalls.get(base, "account/v1/factors", access)).get("recovery_codes")
                .get("remaining").asInt()).isEqualTo(9);

        HttpResponse<String> regenerated = ApiCalls.call(base, "POST", "account/v1/factors/recovery-codes", access,
                "{}");
        assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(201);
        assertThat(TestOAuth.json(regenerated).get("codes")).hasSize(10);
        assertThat(reuse.next("recovery_code", codes.get(1)).statusCode()).as("the old set is void").isEqualTo(400);
    }

    @Test
    void whenTheAppRequiresASecondFactorAndTheUserHasNoneThenTheyEnrolOneWhileSigningIn() throws Exception {
        String name = newUser();
        SignIn signIn = new SignIn("bank-app");

        JsonNode asked = TestOAuth.json(signIn.start(name, "openid"));
        assertThat(asked.get("error").asText()).isEqualTo("insufficient_authorization");
        assertThat(asked.get("enroll")).extracting(JsonNode::asText).containsExactly("totp");
        JsonNode enrolment = TestOAuth.json(signIn.next("enroll", "totp"));
        assertThat(enrolment.get("error").asText()).isEqualTo("insufficient_authorization");
        byte[] seed = base32(enrolment.get("totp_secret").asText());
        assertThat(parameter(enrolment.get("otpauth_uri").asText(), "secret"))
                .isEqualTo(enrolment.get("totp_secret").asText());
        assertThat(signIn.next("otp", otherThan(code(seed, CLOCK.instant()))).statusCode()).isEqualTo(400);

        HttpResponse<String> passed = signIn.next("otp", code(seed, CLOCK.instant()));
        JsonNode tokens = signIn.tokens(passed);

        assertThat(idToken(tokens).getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
        List<String> recoveryCodes = new ArrayList<>();
        TestOAuth.json(passed).get("recovery_codes").forEach(code -> recoveryCodes.add(code.asText()));
        assertThat(recoveryCodes).as("the first recovery codes come with the first authenticator").hasSize(10)
                .doesNotHaveDuplicates();
        SignIn next = new SignIn("bank-app");
        assertThat(TestOAuth.json(next.start(name, "openid")).get("factors")).extracting(JsonNode::asText)
                .as("the enrolled authenticator and its recovery codes are now asked for")
                .containsExactly("recovery_code", "totp");
        assertThat(idToken(next.tokens(next.next("recovery_code", recoveryCodes.get(3)))).getStringClaim("acr"))
                .isEqualTo("urn:bulwark:aal2");
        SignIn again = new SignIn("bank-app");
        again.start(name, "openid");
        HttpResponse<String> plain = again.next("otp", code(seed, CLOCK.instant().plusSeconds(30)));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(TestOAuth.json(plain).has("recovery_codes")).as("shown once, at enrolment only").isFalse();
    }

    @Test
    void whenPolicyIsOffOrScopesAreNotSensitiveThenAPasswordSufficesUnlessTheAppAsksForTwoFactors() throws Exception {
        String name = newUser();
        JsonNode first = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-3");
        byte[] seed = enrolAuthenticator(first.get("access_token").asText());

        assertThat(idToken(TestLogin.tokens(base, "kiosk-app", name, PASSWORD, "openid", "kiosk"))
                .getStringClaim("acr")).isEqualTo("urn:bulwark:aal1");
        SignIn stepUp = new SignIn("kiosk-app");
        assertThat(TestOAuth.json(stepUp.start(name, "openid", "acr_values", "urn:bulwark:aal2")).get("error")
                .asText()).isEqualTo("insufficient_authorization");
        assertThat(idToken(stepUp.tokens(stepUp.next("otp", code(seed, CLOCK.instant().plusSeconds(30)))))
                .getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");

        String fresh = newUser();
        assertThat(TestLogin.tokens(base, "pay-app", fresh, PASSWORD, "openid", "pay").has("access_token")).isTrue();
        SignIn sensitive = new SignIn("pay-app");
        assertThat(TestOAuth.json(sensitive.start(fresh, "openid profile")).get("enroll"))
                .extracting(JsonNode::asText).containsExactly("totp");
    }

    @Test
    void whenTheSignInIsOldOrWeakThenFactorsCannotChangeUntilTheUserSignsInAgain() throws Exception {
        String name = newUser();
        JsonNode first = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-4");
        byte[] seed = enrolAuthenticator(first.get("access_token").asText());
        String id = TestOAuth.json(ApiCalls.get(base, "account/v1/factors", first.get("access_token").asText()))
                .get("totp").get(0).get("id").asText();

        HttpResponse<String> weak = ApiCalls.call(base, "DELETE", "account/v1/factors/totp/" + id,
                first.get("access_token").asText(), null);
        assertThat(weak.statusCode()).as("a password-only session may not remove the factor").isEqualTo(401);
        assertThat(weak.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_user_authentication\"").contains("max_age=600")
                .contains("acr_values=\"urn:bulwark:aal2\"");

        SignIn strong = new SignIn("shop-app");
        strong.start(name, "openid bulwark:account");
        JsonNode tokens = strong.tokens(strong.next("otp", code(seed, CLOCK.instant().plusSeconds(30))));
        CLOCK.advance(Duration.ofMinutes(11));
        String later = TestOAuth.json(TestLogin.refresh(base, "shop-app", tokens.get("refresh_token").asText()))
                .get("access_token").asText();
        HttpResponse<String> old = ApiCalls.call(base, "DELETE", "account/v1/factors/totp/" + id, later, null);
        assertThat(old.statusCode()).as("a sign-in older than 10 minutes").isEqualTo(401);
        assertThat(old.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("max_age=600");

        SignIn again = new SignIn("shop-app");
        again.start(name, "openid bulwark:account");
        String recent = again.tokens(again.next("otp", code(seed, CLOCK.instant()))).get("access_token").asText();
        assertThat(ApiCalls.call(base, "DELETE", "account/v1/factors/totp/" + id, recent, null).statusCode())
                .isEqualTo(204);
        assertThat(TestOAuth.json(ApiCalls.get(base, "account/v1/factors", recent)).get("totp")).isEmpty();
        assertThat(ApiCalls.call(base, "POST", "account/v1/factors/recovery-codes", recent, "{}").statusCode())
                .as("recovery codes back up an authenticator; there is none").isEqualTo(409);
        assertThat(TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid", "phone-4").has("access_token"))
                .as("without its last authenticator the recovery codes go too, and the optional policy asks for "
                        + "nothing").isTrue();
    }

    /** A browser sign-in on the hosted pages, up to the page after the password. */
    private static final class BrowserSignIn {
        final TestBrowser browser;
        final String clientId;
        final TestOAuth.Pkce pkce = TestOAuth.pkce();

        BrowserSignIn(TestBrowser browser, String clientId) {
            this.browser = browser;
            this.clientId = clientId;
        }

        HttpResponse<String> authorize() {
            return browser.get("oauth2/authorize?response_type=code&client_id=" + clientId
                    + "&redirect_uri=com.example.app:/callback&scope=openid&state=s1&code_challenge="
                    + pkce.challenge() + "&code_challenge_method=S256");
        }

        HttpResponse<String> password(HttpResponse<String> page, String name) {
            return browser.post("ui/sign-in", browser.origin(), "request", TestBrowser.requestHandle(page),
                    "username", name, "password", PASSWORD);
        }

        HttpResponse<String> factor(HttpResponse<String> page, String field, String value) {
            return browser.post("ui/second-factor", browser.origin(), "request", TestBrowser.requestHandle(page),
                    field, value);
        }

        JsonNode tokens(HttpResponse<String> redirect) {
            var parameters = TestBrowser.redirectParameters(redirect);
            assertThat(parameters).containsKey("code").containsEntry("state", "s1");
            HttpResponse<String> exchanged = Form.of("grant_type", "authorization_code", "client_id", clientId,
                    "code", parameters.get("code"), "redirect_uri", "com.example.app:/callback", "code_verifier",
                    pkce.verifier()).post(base, "oauth2/token");
            assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
            return TestOAuth.json(exchanged);
        }
    }

    @Test
    void whenAUserWithAnAuthenticatorSignsInOnTheHostedPagesThenTheyAreAskedForItsCode() throws Exception {
        String name = newUser();
        JsonNode first = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-5");
        Enrolled enrolled = enrolAuthenticatorWithCodes(first.get("access_token").asText());
        TestBrowser browser = new TestBrowser(base);
        BrowserSignIn signIn = new BrowserSignIn(browser, "shop-app");

        HttpResponse<String> asked = signIn.password(signIn.authorize(), name);
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("action=\"/ui/second-factor\"").contains("name=\"otp\"")
                .contains("name=\"recovery_code\"").doesNotContain("<img");
        assertThat(asked.headers().firstValue("Content-Security-Policy").orElseThrow()).doesNotContain("data:");
        HttpResponse<String> skipped = browser.post("ui/password", browser.origin(), "request",
                TestBrowser.requestHandle(asked), "new_password", "an entirely different passphrase 42");
        assertThat(skipped.statusCode()).as("no page after the password skips the factor").isEqualTo(400);
        assertThat(skipped.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> wrong = signIn.factor(asked, "otp", otherThan(code(enrolled.seed(),
                CLOCK.instant().plusSeconds(30))));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("The code is not correct.");

        JsonNode tokens = signIn.tokens(signIn.factor(wrong, "otp", code(enrolled.seed(),
                CLOCK.instant().plusSeconds(30))));
        assertThat(idToken(tokens).getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
        assertThat(idToken(tokens).getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");

        BrowserSignIn again = new BrowserSignIn(browser, "shop-app");
        HttpResponse<String> single = again.authorize();
        assertThat(single.body()).as("single sign-on after two factors: no form, only Continue as")
                .contains("Continue as").doesNotContain("name=\"otp\"");
        HttpResponse<String> continued = browser.post("ui/confirm", browser.origin(), "request",
                TestBrowser.requestHandle(single), "decision", "allow");
        assertThat(idToken(again.tokens(continued)).getStringListClaim("amr")).contains("otp");

        BrowserSignIn recovery = new BrowserSignIn(new TestBrowser(base), "shop-app");
        HttpResponse<String> page = recovery.password(recovery.authorize(), name);
        assertThat(recovery.factor(page, "recovery_code", enrolled.recoveryCodes().get(3)).statusCode())
                .isEqualTo(303);
    }

    @Test
    void whenTheAppRequiresAFactorAndTheBrowserUserHasNoneThenTheHostedPageEnrolsOne() throws Exception {
        String name = newUser();
        TestBrowser browser = new TestBrowser(base);
        BrowserSignIn shop = new BrowserSignIn(browser, "shop-app");
        assertThat(shop.password(shop.authorize(), name).statusCode()).as("a password alone, no factor").isEqualTo(303);

        BrowserSignIn bank = new BrowserSignIn(browser, "bank-app");
        HttpResponse<String> signInAgain = bank.authorize();
        assertThat(signInAgain.statusCode()).as("a password-only single sign-on does not pass here").isEqualTo(200);
        HttpResponse<String> enrolment = bank.password(signInAgain, name);
        assertThat(enrolment.statusCode()).isEqualTo(200);
        assertThat(enrolment.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("img-src 'self' data:");
        java.util.regex.Matcher qr = java.util.regex.Pattern.compile("src=\"(data:image/png;base64,[^\"]+)\"")
                .matcher(enrolment.body());
        assertThat(qr.find()).isTrue();
        byte[] seed = base32(parameter(scan(qr.group(1)), "secret"));
        HttpResponse<String> wrong = bank.factor(enrolment, "otp", otherThan(code(seed, CLOCK.instant())));
        assertThat(wrong.body()).contains("The code is not correct.").doesNotContain("<img");

        JsonNode tokens = bank.tokens(bank.factor(wrong, "otp", code(seed, CLOCK.instant())));

        assertThat(idToken(tokens).getStringClaim("acr")).isEqualTo("urn:bulwark:aal2");
        SignIn app = new SignIn("shop-app");
        assertThat(TestOAuth.json(app.start(name, "openid")).get("factors")).extracting(JsonNode::asText)
                .as("the authenticator enrolled in the browser now counts everywhere").containsExactly("totp");
    }
}
