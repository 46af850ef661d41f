package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestBrowser;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brute-force protection over real HTTP: accounts lock without saying so, clients lock, and a source address that
 * keeps failing is told to back off with 429 and Retry-After. Small limits, and a clock the test moves.
 */
class BruteForceTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final MovableClock CLOCK = new MovableClock(Instant.now());

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String serviceSecret;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory,
                "BULWARK_PROTECTION_ACCOUNTS_DELAY_AFTER", "2", "BULWARK_PROTECTION_ACCOUNTS_LOCK_AFTER", "3",
                "BULWARK_PROTECTION_ACCOUNTS_MOST_FAILURES", "9",
                "BULWARK_PROTECTION_ADDRESSES_DELAY_AFTER", "9", "BULWARK_PROTECTION_ADDRESSES_LOCK_AFTER", "12",
                "BULWARK_SERVER_PROXY_TRUSTED_ADDRESSES", "127.0.0.1"),
                CLOCK, new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        for (String name : new String[] {"alice", "bob"}) {
            server.bulwark().accounts().create(NewUser.named(Username.of(name)), Optional.of(Password.of(PASSWORD)),
                    false, Actor.SYSTEM);
        }
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        serviceSecret = server.bulwark().apps().create(TestApps.service("orders-api"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetEarlierFailures() {
        CLOCK.advance(Duration.ofDays(1)); // addresses forget; accounts count until a success, so unlock them
        for (String name : new String[] {"alice", "bob"}) {
            server.bulwark().guard().unlock(server.bulwark().accounts().find(name).orElseThrow().id(), Actor.SYSTEM);
        }
    }

    private static HttpResponse<String> signIn(String username, String password) {
        return signIn(username, password, new String[0]);
    }

    /** A sign-in through the trusted proxy on loopback, forwarded for {@code client}. */
    private static HttpResponse<String> signInFrom(String client, String username, String password) {
        return signIn(username, password, "X-Forwarded-For", client);
    }

    private static HttpResponse<String> signIn(String username, String password, String... headers) {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        return Form.of("client_id", "shop-app", "response_type", "code", "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256", "username", username, "password", password)
                .post(base, "oauth2/authorize-challenge", headers);
    }

    private static void failPatiently(String username, int times) {
        for (int i = 0; i < times; i++) {
            CLOCK.advance(Duration.ofSeconds(31));
            assertThat(signIn(username, "wrong guess " + i).statusCode()).isEqualTo(400);
        }
    }

    private static String withoutAuthSession(HttpResponse<String> response) {
        var body = TestOAuth.json(response);
        return body.get("error").asText() + ": " + body.get("error_description").asText();
    }

    @Test
    void whenAnAccountIsLockedThenItsRightPasswordGetsTheAnswerOfAWrongOneAndAnUnknownLoginBehavesAlike() {
        failPatiently("alice", 3);
        failPatiently("nobody", 3);
        CLOCK.advance(Duration.ofMinutes(1));

        HttpResponse<String> locked = signIn("alice", PASSWORD);
        HttpResponse<String> unknownLocked = signIn("nobody", PASSWORD);
        HttpResponse<String> wrong = signIn("carol", "wrong");

        assertThat(locked.statusCode()).isEqualTo(400).isEqualTo(unknownLocked.statusCode()).isEqualTo(wrong.statusCode());
        assertThat(withoutAuthSession(locked)).isEqualTo(withoutAuthSession(unknownLocked))
                .isEqualTo(withoutAuthSession(wrong));
        assertThat(locked.headers().firstValue("Retry-After")).isEmpty();
        assertThat(server.bulwark().audit().latest(100)).extracting(AuditRecord::type).contains("credentials.locked");
    }

    @Test
    void whenTheLockRunsOutOrAnAdministratorLiftsItThenTheRightPasswordWorks() {
        failPatiently("alice", 3);
        assertThat(signIn("alice", PASSWORD).statusCode()).isEqualTo(400);

        server.bulwark().guard().unlock(server.bulwark().accounts().find("alice").orElseThrow().id(), Actor.SYSTEM);
        assertThat(signIn("alice", PASSWORD).statusCode()).isEqualTo(200);

        failPatiently("alice", 3);
        CLOCK.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(signIn("alice", PASSWORD).statusCode()).isEqualTo(200);
    }

    /**
     * Security review, item 6: the count restarted every 15 minutes, so about 40 guesses an hour went on forever.
     * Now an account counts consecutive failures until a success, each lock lasts twice as long as the one before,
     * and at the most failures (9 here, 100 by default) it stays locked until unlocked.
     */
    @Test
    void whenGuessesGoOnPastTheWindowThenTheyStillCountTheLocksGrowAndAtTheLimitTheAccountStaysLocked() {
        failPatiently("bob", 3); // the first lock: 15 minutes
        CLOCK.advance(Duration.ofMinutes(16)); // past that lock, and past the window that used to forget
        failPatiently("bob", 3); // the second lock: 30 minutes
        CLOCK.advance(Duration.ofMinutes(16));
        assertThat(signIn("bob", PASSWORD).statusCode()).as("still in the longer second lock").isEqualTo(400);
        CLOCK.advance(Duration.ofMinutes(15));
        failPatiently("bob", 3); // nine in a row: the limit

        CLOCK.advance(Duration.ofDays(30));
        assertThat(signIn("bob", PASSWORD).statusCode()).as("no wait ends it").isEqualTo(400);
        assertThat(server.bulwark().audit().latest(200).stream()
                .filter(r -> r.type().equals("credentials.locked") && r.subject().equals(
                        server.bulwark().accounts().find("bob").orElseThrow().id().toString()))).hasSize(3);
        server.bulwark().guard().unlock(server.bulwark().accounts().find("bob").orElseThrow().id(), Actor.SYSTEM);
        assertThat(signIn("bob", PASSWORD).statusCode()).isEqualTo(200);
    }

    /** Security review, item 6: IPv6 addresses were counted one by one, and one host holds a whole /64. */
    @Test
    void whenGuessesComeFromManyAddressesOfOneIpv6NetworkThenTheNetworkIsToldToBackOff() {
        for (int i = 1; i <= 9; i++) {
            assertThat(signInFrom("2001:db8:5:6::" + Integer.toHexString(i), "user" + i, "wrong").statusCode())
                    .isEqualTo(400);
        }

        HttpResponse<String> throttled = signInFrom("2001:db8:5:6:ffff::ff", "alice", PASSWORD);
        HttpResponse<String> otherNetwork = signInFrom("2001:db8:5:7::1", "alice", PASSWORD);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(otherNetwork.statusCode()).isEqualTo(200);
    }

    @Test
    void whenOneAddressKeepsFailingThenItIsToldToBackOffWith429AndRetryAfter() {
        for (int i = 0; i < 9; i++) {
            signIn("user" + i, "wrong");
        }

        HttpResponse<String> throttled = signIn("alice", PASSWORD);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(TestOAuth.json(throttled).get("error").asText()).isEqualTo("too_many_requests");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(signIn("alice", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void whenTheHostedPageIsHammeredThenItAnswers429WithAPageAndRetryAfter() {
        for (int i = 0; i < 9; i++) {
            signIn("user" + i, "wrong");
        }
        TestBrowser browser = new TestBrowser(base);
        HttpResponse<String> page = browser.get(BrowserFlowTest.authorize(TestOAuth.pkce()));

        HttpResponse<String> throttled = browser.post("ui/sign-in", browser.origin(), "request",
                TestBrowser.requestHandle(page), "username", "alice", "password", PASSWORD);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
    }

    @Test
    void whenClientSecretsAreGuessedThenTheAddressIsThrottledButTheClientIsNeverLockedOut() {
        for (int i = 0; i < 9; i++) {
            assertThat(Form.of("grant_type", "client_credentials").basic("orders-api", "guess" + i)
                    .post(base, "oauth2/token").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = Form.of("grant_type", "client_credentials").basic("orders-api", "guess")
                .post(base, "oauth2/token");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(Form.of("grant_type", "client_credentials").basic("orders-api", serviceSecret)
                .post(base, "oauth2/token").statusCode())
                .as("guesses against a public client id must not shut the service out").isEqualTo(200);
    }

    @Test
    void whenCodesAreGuessedThenTheAddressIsThrottled() {
        for (int i = 0; i < 9; i++) {
            assertThat(Form.of("grant_type", "authorization_code", "client_id", "shop-app", "code", "guess" + i,
                    "code_verifier", TestOAuth.pkce().verifier()).post(base, "oauth2/token").statusCode()).isEqualTo(400);
        }

        HttpResponse<String> throttled = Form.of("grant_type", "authorization_code", "client_id", "shop-app",
                "code", "guess", "code_verifier", TestOAuth.pkce().verifier()).post(base, "oauth2/token");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    }
}
