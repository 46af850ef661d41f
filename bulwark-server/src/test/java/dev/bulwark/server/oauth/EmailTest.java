package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.EmailAddress;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.User;
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
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email over real SMTP (GreenMail, a real SMTP server in the test): sign-in codes read from the mailbox complete a
 * sign-in, password resets that answer the same whether or not the account exists and sign the user out everywhere,
 * and security notices.
 */
class EmailTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\b(\\d{8})\\b");
    private static final MovableClock CLOCK = new MovableClock(Instant.now());
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @TempDir
    static Path directory;
    static GreenMail mail;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_MAIL_SMTP_HOST", "127.0.0.1",
                        "BULWARK_MAIL_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                        "BULWARK_MAIL_SMTP_SECURITY", "none", "BULWARK_MAIL_FROM", "accounts@shop.example",
                        "BULWARK_PRODUCT_NAME", "Shop"),
                CLOCK, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("bank-app", new SecondFactorPolicy(
                SecondFactorPolicy.Requirement.REQUIRED, EnumSet.allOf(FactorKind.class), Scopes.NONE)), Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
        mail.stop();
    }

    private static String newUser() {
        String name = "member" + USERS.incrementAndGet();
        server.bulwark().accounts().create(new NewUser(Username.of(name), Optional.of(EmailAddress.of(name
                + "@mail.example")), Optional.empty(), Set.of()), Optional.of(Password.of(PASSWORD)), false, Actor.SYSTEM);
        return name;
    }

    /** The next mail to {@code name}, waited for. */
    private static MimeMessage next(String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equals(name + "@mail.example")
                        && SEEN.add(message.getMessageID())) {
                    return message;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no mail for " + name);
    }

    private static String code(MimeMessage message) {
        Matcher matcher = EIGHT_DIGITS.matcher(GreenMailUtil.getBody(message));
        assertThat(matcher.find()).as("a code in the mail").isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> challenge(String... pairs) {
        return Form.of(pairs).post(base, "oauth2/authorize-challenge");
    }

    @Test
    void whenAnEmailedCodeIsReadFromTheMailboxThenItCompletesTheSignInOnceAndCountsAsASecondFactor() throws Exception {
        String name = newUser();
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        JsonNode asked = TestOAuth.json(challenge("client_id", "bank-app", "response_type", "code", "scope", "openid",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", name,
                "password", PASSWORD));
        assertThat(asked.get("factors")).extracting(JsonNode::asText).containsExactly("email_code");
        assertThat(asked.get("enroll")).extracting(JsonNode::asText).containsExactly("totp");
        String session = asked.get("auth_session").asText();

        JsonNode sent = TestOAuth.json(challenge("client_id", "bank-app", "auth_session", session, "send",
                "email_code"));
        assertThat(sent.get("sent").asText()).isEqualTo("email_code");
        assertThat(sent.get("destination").asText()).isEqualTo(name.charAt(0) + "•••@mail.example");
        MimeMessage message = next(name);
        assertThat(message.getSubject()).isEqualTo("Your Shop sign-in code").doesNotContainPattern("\\d{8}");
        assertThat(message.getFrom()[0].toString()).isEqualTo("accounts@shop.example");
        String code = code(message);
        HttpResponse<String> tooSoon = challenge("client_id", "bank-app", "auth_session", session, "send",
                "email_code");
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(tooSoon.headers().firstValue("Retry-After")).isPresent();
        String wrong = code.equals("12345678") ? "87654321" : "12345678";
        assertThat(challenge("client_id", "bank-app", "auth_session", session, "email_code", wrong).statusCode())
                .isEqualTo(400);

        HttpResponse<String> passed = challenge("client_id", "bank-app", "auth_session", session, "email_code", code);

        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
        JsonNode tokens = TestOAuth.json(Form.of("grant_type", "authorization_code", "client_id", "bank-app", "code",
                TestOAuth.json(passed).get("authorization_code").asText(), "code_verifier", pkce.verifier())
                .post(base, "oauth2/token"));
        var claims = SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "email", "mfa");
        assertThat(claims.getStringClaim("acr")).as("email is not an AAL2 channel").isEqualTo("urn:bulwark:aal1");

        TestOAuth.Pkce again = TestOAuth.pkce();
        String other = TestOAuth.json(challenge("client_id", "bank-app", "response_type", "code", "scope", "openid",
                "code_challenge", again.challenge(), "code_challenge_method", "S256", "username", name,
                "password", PASSWORD)).get("auth_session").asText();
        assertThat(challenge("client_id", "bank-app", "auth_session", other, "email_code", code).statusCode())
                .as("a code is bound to its sign-in and used once").isEqualTo(400);
        JsonNode stepUp = TestOAuth.json(challenge("client_id", "bank-app", "response_type", "code", "scope",
                "openid", "code_challenge", again.challenge(), "code_challenge_method", "S256", "username", name,
                "password", PASSWORD, "acr_values", "urn:bulwark:aal2"));
        assertThat(stepUp.get("factors")).as("email cannot reach AAL2").isEmpty();
    }

    @Test
    void whenAPasswordIsResetThenTheAnswerIsTheSameForEveryLoginAndTheUserIsSignedOutEverywhere() throws Exception {
        String name = newUser();
        JsonNode phone = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-1");

        HttpResponse<String> known = ApiCalls.call(base, "POST", "account/v1/password-reset", null,
                "{\"login\":\"" + name + "@mail.example\"}");
        HttpResponse<String> unknown = ApiCalls.call(base, "POST", "account/v1/password-reset", null,
                "{\"login\":\"nobody-" + name + "@mail.example\"}");
        assertThat(known.statusCode()).isEqualTo(202).isEqualTo(unknown.statusCode());
        assertThat(TestOAuth.json(known).fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> TestOAuth.json(unknown).fieldNames());
        assertThat(TestOAuth.json(known).get("reset").asText()).hasSize(TestOAuth.json(unknown).get("reset").asText()
                .length());
        String reset = TestOAuth.json(known).get("reset").asText();
        MimeMessage message = next(name);
        assertThat(message.getSubject()).isEqualTo("Reset your Shop password");
        String code = code(message);

        HttpResponse<String> wrong = ApiCalls.call(base, "POST", "account/v1/password-reset/complete", null,
                "{\"reset\":\"" + reset + "\",\"code\":\"" + (code.equals("12345678") ? "87654321" : "12345678")
                        + "\",\"new_password\":\"a brand new passphrase for spring\"}");
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> weak = ApiCalls.call(base, "POST", "account/v1/password-reset/complete", null,
                "{\"reset\":\"" + reset + "\",\"code\":\"" + code + "\",\"new_password\":\"" + name + "\"}");
        assertThat(weak.statusCode()).as("the policy refuses, the code stays good").isEqualTo(422);
        HttpResponse<String> done = ApiCalls.call(base, "POST", "account/v1/password-reset/complete", null,
                "{\"reset\":\"" + reset + "\",\"code\":\"" + code + "\",\"new_password\":\"a brand new passphrase "
                        + "for spring\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        assertThat(GreenMailUtil.getBody(next(name))).contains("was reset, and every session was signed out");

        assertThat(TestLogin.refresh(base, "shop-app", phone.get("refresh_token").asText()).statusCode())
                .as("every session ended").isEqualTo(400);
        assertThat(TestLogin.tokens(base, "shop-app", name, "a brand new passphrase for spring", "openid", "phone-2")
                .has("access_token")).isTrue();
        assertThat(ApiCalls.call(base, "POST", "account/v1/password-reset/complete", null, "{\"reset\":\"" + reset
                + "\",\"code\":\"" + code + "\",\"new_password\":\"yet another passphrase for autumn\"}").statusCode())
                .as("a code works once").isEqualTo(403);
    }

    /**
     * Security review, item 4: wrong reset codes were counted under the second-factor key, even once the code was
     * dead, so anyone who knew an address could lock a user's authenticator app.
     */
    @Test
    void whenResetCodesAreGuessedOverAndOverThenTheUsersSecondFactorStillWorks() throws Exception {
        String name = newUser();
        User user = server.bulwark().accounts().find(name).orElseThrow();
        var enrolment = server.bulwark().secondFactors().beginTotp(user);
        byte[] seed = TestAuthenticator.base32(enrolment.secret());
        server.bulwark().secondFactors().confirmTotp(user.id(), enrolment.id(),
                TestAuthenticator.code(seed, CLOCK.instant()), Optional.empty(), Actor.SYSTEM);
        int guesses = 0;
        for (int reset = 0; reset < 3; reset++) {
            CLOCK.advance(Duration.ofSeconds(31));
            String handle = TestOAuth.json(ApiCalls.call(base, "POST", "account/v1/password-reset", null,
                    "{\"login\":\"" + name + "\"}")).get("reset").asText();
            MimeMessage mail = next(name);
            while (!mail.getSubject().startsWith("Reset")) {
                mail = next(name); // past the notice that an authenticator app was added
            }
            String code = code(mail);
            String wrong = code.equals("12345678") ? "87654321" : "12345678";
            for (int guess = 0; guess < 8; guess++) { // the code dies after five, and the guessing goes on
                CLOCK.advance(Duration.ofSeconds(31)); // past any delay: every guess is really checked
                HttpResponse<String> refused = ApiCalls.call(base, "POST", "account/v1/password-reset/complete",
                        null, "{\"reset\":\"" + handle + "\",\"code\":\"" + wrong
                                + "\",\"new_password\":\"a brand new passphrase for spring\"}");
                assertThat(refused.statusCode()).isEqualTo(403);
                guesses++;
            }
        }
        assertThat(guesses).isEqualTo(24);

        CLOCK.advance(Duration.ofSeconds(31));
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        String session = TestOAuth.json(challenge("client_id", "bank-app", "response_type", "code", "scope", "openid",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", name,
                "password", PASSWORD)).get("auth_session").asText();
        HttpResponse<String> passed = challenge("client_id", "bank-app", "auth_session", session, "otp",
                TestAuthenticator.code(seed, CLOCK.instant()));

        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(16)); // the loopback address's failures are forgotten for the other tests
    }

    @Test
    void whenAnAccountSignsInOnANewDeviceOrChangesItsPasswordThenTheUserIsTold() throws Exception {
        String name = newUser();
        JsonNode first = TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid bulwark:account", "phone-1");
        TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid", "phone-1");
        TestLogin.tokens(base, "shop-app", name, PASSWORD, "openid", "tablet-1");
        MimeMessage notice = next(name);
        assertThat(GreenMailUtil.getBody(notice)).contains("a device it had not been used on before");

        ApiCalls.call(base, "POST", "account/v1/password", first.get("access_token").asText(),
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"an utterly different passphrase\"}");
        assertThat(GreenMailUtil.getBody(next(name))).contains("password of your Shop account was changed");
        Thread.sleep(200);
        assertThat(java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().startsWith(name + "@");
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        })).as("one notice each, none for the first device or a known one").hasSize(2);
    }

    @Test
    void whenTheHostedPagesOfferAnEmailedCodeThenItIsSentAndAccepted() throws Exception {
        String name = newUser();
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> page = browser.get("oauth2/authorize?response_type=code&client_id=bank-app"
                + "&redirect_uri=com.example.app:/callback&scope=openid&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256");
        HttpResponse<String> factor = browser.post("ui/sign-in", browser.origin(), "request",
                TestBrowser.requestHandle(page), "username", name, "password", PASSWORD);
        assertThat(factor.body()).contains("name=\"send\" value=\"email_code\"");

        HttpResponse<String> sent = browser.post("ui/second-factor", browser.origin(), "request",
                TestBrowser.requestHandle(factor), "send", "email_code");
        assertThat(sent.body()).contains("name=\"email_code\"").contains("@mail.example");
        HttpResponse<String> redirect = browser.post("ui/second-factor", browser.origin(), "request",
                TestBrowser.requestHandle(sent), "email_code", code(next(name)));

        assertThat(TestBrowser.redirectParameters(redirect)).containsKey("code");
        assertThat(List.of(redirect.statusCode())).containsExactly(303);
    }
}
