package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.Http;
import dev.bulwark.server.support.RawHttp;
import dev.bulwark.server.support.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP baseline, over real HTTP against a server on SQLite: headers, limits, errors, health, metrics. */
class HttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory, "BULWARK_SERVER_LIMITS_MAX_BODY_BYTES", "2048",
                        "BULWARK_SERVER_LIMITS_MAX_HEADER_BYTES", "2048",
                        "BULWARK_SERVER_PROXY_TRUSTED_ADDRESSES", "127.0.0.1"),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static void assertSecureHeaders(java.util.function.Function<String, String> header) {
        assertThat(header.apply("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header.apply("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header.apply("Cache-Control")).isEqualTo("no-store");
        assertThat(header.apply("Content-Security-Policy")).startsWith("default-src 'none'")
                .contains("frame-ancestors 'none'");
        assertThat(header.apply("X-Frame-Options")).isEqualTo("DENY");
        assertThat(header.apply("Server")).isNull();
    }

    private static void assertProblem(String contentType, String body, int status) {
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = json(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @Test
    void whenLiveAskedThenUp() {
        HttpResponse<String> response = Http.get(base, "health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).get("status").asText()).isEqualTo("UP");
        assertSecureHeaders(name -> response.headers().firstValue(name).orElse(null));
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void whenReadyAskedWithDatabaseUpThenReady() {
        HttpResponse<String> response = Http.get(base, "health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).at("/checks/database").asText()).isEqualTo("UP");
    }

    @Test
    void whenUnknownPathThenProblem404WithSecureHeadersAndRequestId() {
        HttpResponse<String> response = Http.get(base, "no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response.headers().firstValue("Content-Type").orElseThrow(), response.body(), 404);
        assertSecureHeaders(name -> response.headers().firstValue(name).orElse(null));
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(requestId).matches("[0-9a-f]{32}");
        assertThat(json(response.body()).get("request_id").asText()).isEqualTo(requestId);
    }

    @Test
    void whenWrongMethodThenProblem405WithAllow() {
        var response = Http.send(HttpRequest.newBuilder(base.resolve("health/live"))
                .DELETE().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
        assertProblem(response.headers().firstValue("Content-Type").orElseThrow(), response.body(), 405);
    }

    @Test
    void whenBodyDeclaredOverLimitThenProblem413BeforeAnyRoute() {
        String response = RawHttp.exchange(server.port(), "POST /health/live HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");

        assertThat(RawHttp.status(response)).isEqualTo(413);
        assertProblem(RawHttp.header(response, "Content-Type"), RawHttp.body(response), 413);
        assertSecureHeaders(name -> RawHttp.header(response, name));
    }

    @Test
    void whenChunkedBodyGrowsOverLimitThenRefused() {
        StringBuilder request = new StringBuilder("POST /health/live HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            request.append("400\r\n").append("a".repeat(1024)).append("\r\n");
        }
        request.append("0\r\n\r\n");

        String response = RawHttp.exchange(server.port(), request.toString());

        assertThat(RawHttp.status(response)).isIn(405, 413);
        assertThat(RawHttp.header(response, "Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void whenHeadersOverLimitThenProblem431() {
        String response = RawHttp.exchange(server.port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: "
                + "p".repeat(4096) + "\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(431);
        assertProblem(RawHttp.header(response, "Content-Type"), RawHttp.body(response), 431);
        assertSecureHeaders(name -> RawHttp.header(response, name));
    }

    @Test
    void whenUriMalformedThenProblem400() {
        String response = RawHttp.exchange(server.port(), "GET /health/%zz HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertProblem(RawHttp.header(response, "Content-Type"), RawHttp.body(response), 400);
    }

    @Test
    void whenPathAmbiguousThenRefusedRatherThanRouted() {
        String response = RawHttp.exchange(server.port(), "GET /health%2Flive HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(RawHttp.status(response)).isIn(400, 404);
    }

    @Test
    void whenMetricsReadFromLoopbackThenRoutesStatusesAndHashTimesAppear() {
        Http.get(base, "health/live");
        Http.get(base, "no/such/thing");

        HttpResponse<String> response = Http.get(base, "metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("http_server_requests_seconds_bucket")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/health/live\"[^}]*status=\"200\"")
                .containsPattern("route=\"unmatched\"[^}]*status=\"404\"")
                .contains("bulwark_password_hash_seconds_count")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void whenClientInventsMethodNamesThenMetricsDoNotGrowPerName() {
        for (int i = 0; i < 3; i++) {
            RawHttp.exchange(server.port(), "FROB" + i + " /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }

        String metrics = Http.get(base, "metrics").body();

        assertThat(metrics).doesNotContain("FROB").contains("method=\"OTHER\"");
    }

    @Test
    void whenMetricsReadFromAnotherAddressThenForbidden() {
        // 127.0.0.1 is a declared proxy in this test, so the forwarded address is the client.
        HttpResponse<String> response = Http.get(base, "metrics", "X-Forwarded-For", "203.0.113.7");

        assertThat(response.statusCode()).isEqualTo(403);
        assertProblem(response.headers().firstValue("Content-Type").orElseThrow(), response.body(), 403);
    }

    @Test
    void whenForwardedForReadThenOnlyTrustedProxiesAreBelievedAndDoubtMeansUnknown() {
        var clients = new ClientAddresses(java.util.List.of(dev.bulwark.server.config.AddressRange.parse("10.0.0.0/24")));
        java.util.function.Function<String, java.util.List<String>> lines = text -> java.util.List.of(text.split("\\|"));

        assertThat(clients.clientAddress("198.51.100.4", lines.apply("203.0.113.7"))).isEqualTo("198.51.100.4");
        assertThat(clients.clientAddress("10.0.0.1", java.util.List.of())).isEqualTo("10.0.0.1");
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("1.1.1.1, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // A client's own header line ahead of the proxy's: the proxy's rightmost entry still wins.
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("10.0.0.9|203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("10.0.0.9, 10.0.0.2"))).isEqualTo("10.0.0.9");
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("not-an-ip"))).isEqualTo(ClientAddresses.UNKNOWN);
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("999.1.1.1"))).isEqualTo(ClientAddresses.UNKNOWN);
        assertThat(clients.clientAddress("10.0.0.1", lines.apply("1.2.3.4,".repeat(400))))
                .isEqualTo(ClientAddresses.UNKNOWN);
        assertThat(ClientAddresses.within(ClientAddresses.UNKNOWN, java.util.List.of(
                dev.bulwark.server.config.AddressRange.parse("0.0.0.0/0")))).isFalse();
        assertThat(clients.secureTransport(false, "198.51.100.4", "https")).isFalse();
        assertThat(clients.secureTransport(false, "10.0.0.1", "https")).isTrue();
    }

    @Test
    void whenClientForgesLoopbackInForwardedForThenMetricsStillForbidden() {
        // 127.0.0.1 is a trusted proxy here, and loopback may read metrics: a forged or broken header must not
        // turn a remote client into the proxy itself.
        var forgedLine = Http.send(HttpRequest.newBuilder(base.resolve("metrics"))
                .header("X-Forwarded-For", "127.0.0.1").header("X-Forwarded-For", "203.0.113.7").build());
        var garbage = Http.get(base, "metrics", "X-Forwarded-For", "localhost");

        assertThat(forgedLine.statusCode()).isEqualTo(403);
        assertThat(garbage.statusCode()).isEqualTo(403);
    }

    @Test
    void whenRequestArrivesViaTrustedProxyOverHttpsThenHsts() {
        HttpResponse<String> response = Http.get(base, "health/live", "X-Forwarded-Proto", "https");

        assertThat(response.headers().firstValue("Strict-Transport-Security")).contains(SecureHeaders.HSTS);
    }

    @Test
    void whenJwksFetchedThenPublicKeysForEveryConfiguredAlgorithmAndCacheable() throws Exception {
        HttpResponse<String> response = Http.get(base, "oauth2/jwks");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/jwk-set+json");
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        var jwks = com.nimbusds.jose.jwk.JWKSet.parse(response.body());
        assertThat(jwks.getKeys()).hasSize(4).allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        });
        assertThat(jwks.getKeys()).extracting(key -> key.getAlgorithm().getName()).containsOnly("ES256", "RS256");
        assertThat(response.body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void whenOpenApiFetchedThenItDescribesEveryRoute() throws Exception {
        HttpResponse<String> response = Http.get(base, "openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> documented = new HashSet<>();
        for (Iterator<String> names = json(response.body()).get("paths").fieldNames(); names.hasNext(); ) {
            documented.add(names.next());
        }
        assertThat(documented).containsExactlyInAnyOrder("/health/live", "/health/ready", "/metrics", "/openapi.json",
                "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/oauth2/authorize",
                "/oauth2/authorize-challenge", "/oauth2/token", "/oauth2/userinfo", "/oauth2/revoke",
                "/oauth2/introspect", "/oauth2/revoked", "/oauth2/jwks", "/ui/sign-in", "/ui/password",
                "/ui/second-factor", "/ui/confirm", "/ui/style.css", "/ui/passkey.js", "/ui/passkey/options", "/ui/passkey",
                "/ui/passkeys", "/ui/passkeys/options",
                "/account/v1/devices", "/account/v1/devices/{device}", "/account/v1/sessions",
                "/account/v1/sessions/{session}", "/account/v1/sign-out", "/account/v1/password",
                "/account/v1/factors", "/account/v1/factors/totp", "/account/v1/factors/totp/{id}/confirm",
                "/account/v1/factors/totp/{id}", "/account/v1/factors/recovery-codes",
                "/account/v1/password-reset", "/account/v1/password-reset/complete", "/account/v1/device-keys",
                "/account/v1/device-keys/{id}", "/account/v1/passkeys", "/account/v1/passkeys/options",
                "/account/v1/passkeys/{id}", "/account/v1/consents", "/account/v1/consents/{client}",
                "/admin/v1/users/{user}", "/admin/v1/users/{user}/devices", "/admin/v1/users/{user}/sessions",
                "/admin/v1/users/{user}/sessions/{session}", "/admin/v1/users/{user}/disable",
                "/admin/v1/users/{user}/enable", "/admin/v1/users/{user}/unlock", "/admin/v1/apps",
                "/admin/v1/apps/{client}", "/admin/v1/apps/{client}/secret");
    }
}
