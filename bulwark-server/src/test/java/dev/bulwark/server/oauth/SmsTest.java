package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SecondFactorPolicy;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.PhoneNumber;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.mfa.FactorKind;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Form;
import dev.bulwark.server.support.TestConfigs;
import dev.bulwark.server.support.TestOAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMS codes through the configurable HTTP provider adapter, against a local HTTP server standing in for the
 * provider: what it receives (credentials, escaped JSON body), and the code from it completing a sign-in.
 */
class SmsTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";
    private static final AtomicInteger STATUS = new AtomicInteger(200);

    /** What the provider received. */
    record Received(String authorization, String contentType, String body) {
    }

    static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    @TempDir
    static Path directory;
    static HttpServer provider;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/messages", exchange -> {
            RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(STATUS.get(), -1);
            exchange.close();
        });
        provider.start();
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_SMS_PROVIDER", "http",
                        "BULWARK_SMS_HTTP_URL", "http://127.0.0.1:" + provider.getAddress().getPort() + "/messages",
                        "BULWARK_SMS_HTTP_USERNAME", "AC123", "BULWARK_SMS_HTTP_PASSWORD", "provider-secret",
                        "BULWARK_PRODUCT_NAME", "Shop Plus"),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("bank-app", new SecondFactorPolicy(
                SecondFactorPolicy.Requirement.REQUIRED, EnumSet.allOf(FactorKind.class), Scopes.NONE)), Actor.SYSTEM);
        server.bulwark().accounts().create(new NewUser(Username.of("carol"), Optional.empty(),
                Optional.of(PhoneNumber.of("+447700900123")), Set.of()), Optional.of(Password.of(PASSWORD)), false,
                Actor.SYSTEM);
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.stop(0);
    }

    private static HttpResponse<String> challenge(String... pairs) {
        return Form.of(pairs).post(base, "oauth2/authorize-challenge");
    }

    private static JsonNode begin(String client, TestOAuth.Pkce pkce) {
        return TestOAuth.json(challenge("client_id", client, "response_type", "code", "scope", "openid",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256", "username", "carol",
                "password", PASSWORD));
    }

    @Test
    void whenAnSmsCodeIsSentThenTheProviderGetsItAndTheCodeCompletesTheSignIn() throws Exception {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        JsonNode asked = begin("bank-app", pkce);
        assertThat(asked.get("factors")).extracting(JsonNode::asText).containsExactly("sms_code");
        String session = asked.get("auth_session").asText();

        JsonNode sent = TestOAuth.json(challenge("client_id", "bank-app", "auth_session", session, "send", "sms_code"));

        assertThat(sent.get("destination").asText()).isEqualTo("+44••••••••23");
        Received received = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "AC123:provider-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.contentType()).startsWith("application/json");
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(received.body());
        assertThat(body.get("to").asText()).isEqualTo("+447700900123");
        assertThat(body.get("text").asText()).startsWith("Shop Plus code: ");
        Matcher code = Pattern.compile("(\\d{8})").matcher(body.get("text").asText());
        assertThat(code.find()).isTrue();

        HttpResponse<String> passed = challenge("client_id", "bank-app", "auth_session", session, "sms_code",
                code.group(1));

        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
        JsonNode tokens = TestOAuth.json(Form.of("grant_type", "authorization_code", "client_id", "bank-app", "code",
                TestOAuth.json(passed).get("authorization_code").asText(), "code_verifier", pkce.verifier())
                .post(base, "oauth2/token"));
        var claims = SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "sms", "mfa");
    }

    @Test
    void whenTheBodyIsFilledThenValuesAreEscapedForJsonAndForForms() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/messages");
        String awkward = "He said \"hi\" \\ then\nleft & paid 100%";
        new dev.bulwark.server.sms.HttpSmsSender(url, Optional.empty(), Optional.of("tok-1"),
                dev.bulwark.server.sms.HttpSmsSender.JSON, "{\"to\":\"{to}\",\"text\":\"{text}\"}")
                .send(PhoneNumber.of("+15555550123"), awkward);
        Received json = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(json.authorization()).isEqualTo("Bearer tok-1");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body()).get("text").asText())
                .isEqualTo(awkward);

        new dev.bulwark.server.sms.HttpSmsSender(url, Optional.empty(), Optional.empty(),
                dev.bulwark.server.sms.HttpSmsSender.FORM, "To={to}&Body={text}")
                .send(PhoneNumber.of("+15555550123"), awkward);
        Received form = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(form.authorization()).isNull();
        assertThat(form.body()).startsWith("To=%2B15555550123&Body=");
        assertThat(java.net.URLDecoder.decode(form.body().substring(form.body().indexOf("Body=") + 5),
                StandardCharsets.UTF_8)).isEqualTo(awkward);
    }

    @Test
    void whenTheAppDoesNotOptInOrTheProviderFailsThenNoSmsIsOfferedOrTheSendFailsClearly() throws Exception {
        JsonNode shop = begin("shop-app", TestOAuth.pkce());
        assertThat(shop.has("authorization_code")).as("the default policy: no enrolled factor, no SMS").isTrue();

        STATUS.set(503);
        try {
            String session = begin("bank-app", TestOAuth.pkce()).get("auth_session").asText();
            HttpResponse<String> failed = challenge("client_id", "bank-app", "auth_session", session, "send",
                    "sms_code");
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(TestOAuth.json(failed).get("error").asText()).isEqualTo("temporarily_unavailable");
            assertThat(failed.body()).doesNotContain("provider-secret");
        } finally {
            STATUS.set(200);
            RECEIVED.clear();
        }
    }
}
