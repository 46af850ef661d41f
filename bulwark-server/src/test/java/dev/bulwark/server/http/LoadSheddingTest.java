package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load shedding over real HTTP: with one place for sign-ins and no waiting, a burst of sign-ins gets 503 with
 * Retry-After at once for all but the one hashing, in the error format of the endpoint it came to; health and
 * metrics are never shed, and the shedding is counted.
 */
class LoadSheddingTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        // A hash slow enough (tens of milliseconds) that a burst finds the one place taken.
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_SERVER_LIMITS_SIGN_INS", "1",
                        "BULWARK_SERVER_LIMITS_MAX_WAIT", "0s", "BULWARK_PASSWORDS_ARGON2_MEMORY_KIB", "65536",
                        "BULWARK_PASSWORDS_ARGON2_ITERATIONS", "2", "BULWARK_PROTECTION_ADDRESSES_DELAY_AFTER", "10000",
                        "BULWARK_PROTECTION_ADDRESSES_LOCK_AFTER", "10000"),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        server.bulwark().accounts().create(NewUser.named(Username.of("alice")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<HttpResponse<String>> atOnce(int count, Callable<HttpResponse<String>> request)
            throws Exception {
        try (ExecutorService burst = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(burst.submit(request));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        }
    }

    private static HttpResponse<String> signIn() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        return Form.of("client_id", "shop-app", "response_type", "code", "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256", "username", "alice", "password", PASSWORD)
                .post(base, "oauth2/authorize-challenge");
    }

    @Test
    void whenABurstOfSignInsFindsNoPlaceThenTheyAre503WithRetryAfterAtOnceInOAuthForm() throws Exception {
        long before = shedCount();

        List<HttpResponse<String>> answers = atOnce(30, LoadSheddingTest::signIn);

        List<HttpResponse<String>> shed = answers.stream().filter(r -> r.statusCode() == 503).toList();
        assertThat(shed).as("most of a burst of 30 with one place and no waiting").hasSizeGreaterThan(10);
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
        for (HttpResponse<String> refused : shed) {
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(refused.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode body = TestOAuth.json(refused);
            assertThat(body.get("error").asText()).isEqualTo("temporarily_unavailable");
        }
        assertThat(shedCount()).isGreaterThanOrEqualTo(before + shed.size());
        assertThat(signIn().statusCode()).as("once the burst is over").isEqualTo(200);
    }

    @Test
    void whenSignInsKeepThePlaceBusyThenHealthStillAnswersAndThePagesAndApisSayBusyInTheirOwnForm()
            throws Exception {
        List<HttpResponse<String>> apis = new ArrayList<>();
        List<HttpResponse<String>> pages = new ArrayList<>();
        List<HttpResponse<String>> health = new ArrayList<>();
        try (ExecutorService busy = Executors.newVirtualThreadPerTaskExecutor()) {
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            for (int i = 0; i < 4; i++) { // sign-ins back to back: the one place is nearly always taken
                busy.submit(() -> {
                    while (System.nanoTime() < until) {
                        signIn();
                    }
                    return null;
                });
            }
            while (System.nanoTime() < until) {
                apis.add(Http.send(HttpRequest.newBuilder(base.resolve("account/v1/password-reset/complete"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reset\":\"r\",\"code\":\"12345678\","
                                + "\"new_password\":\"" + PASSWORD + "\"}")).build()));
                pages.add(Http.send(HttpRequest.newBuilder(base.resolve("ui/sign-in"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("request=x&username=alice&password=y")).build()));
                health.add(Http.get(base, "health/ready"));
                Thread.sleep(20);
            }
        }

        assertThat(health).as("readiness is never shed").allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        List<HttpResponse<String>> shedApis = apis.stream().filter(r -> r.statusCode() == 503).toList();
        List<HttpResponse<String>> shedPages = pages.stream().filter(r -> r.statusCode() == 503).toList();
        assertThat(shedApis).as("the account API's password checks share the sign-ins' place").isNotEmpty();
        assertThat(shedPages).as("and so do the hosted sign-in form's").isNotEmpty();
        assertThat(shedApis).allSatisfy(api -> {
            assertThat(api.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(api.headers().firstValue("Retry-After")).isPresent();
            assertThat(TestOAuth.json(api).get("status").asInt()).isEqualTo(503);
        });
        assertThat(shedPages).allSatisfy(page -> {
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'"));
            assertThat(page.body()).contains("Busy");
        });
    }

    private static long shedCount() {
        return Http.get(base, "metrics").body().lines()
                .filter(line -> line.startsWith("bulwark_http_requests_shed_total{") && line.contains("sign_in"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
