package dev.bulwark.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.audit.Actor;
import dev.bulwark.core.audit.AuditRecord;
import dev.bulwark.core.crypto.Password;
import dev.bulwark.core.identity.NewUser;
import dev.bulwark.core.identity.Username;
import dev.bulwark.core.testing.TestApps;
import dev.bulwark.core.token.DpopVerifier;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPoP (RFC 9449) over real HTTP: tokens bound at the token endpoint, presented with proofs to Bulwark's own APIs,
 * refused without a proof, with another key, as bearer tokens, or replayed; refresh tokens of a native app bound to
 * its key; introspection and discovery; server nonces.
 */
class DpopTest {
    private static final String PASSWORD = "violet tractor sings under 7 moons";

    @TempDir
    static Path directory;
    static BulwarkServer server;
    static URI base;
    static String issuer;
    static String serviceSecret;

    @BeforeAll
    static void start() {
        server = BulwarkServer.start(TestConfigs.config(directory), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()));
        base = URI.create(server.url() + "/");
        issuer = server.bulwark().protocol().issuer();
        server.bulwark().accounts().create(NewUser.named(Username.of("erin")), Optional.of(Password.of(PASSWORD)),
                false, Actor.SYSTEM);
        server.bulwark().apps().create(TestApps.nativeApp("shop-app"), Actor.SYSTEM);
        serviceSecret = server.bulwark().apps().create(TestApps.resourceServer("orders-api"), Actor.SYSTEM).clientSecret()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A proof as a phone makes one for each request. */
    static String proof(ECKey key, String method, String url, Optional<String> accessToken, Optional<String> nonce)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", method).claim("htu", url).issueTime(new Date());
        accessToken.ifPresent(token -> claims.claim("ath", DpopVerifier.accessTokenHash(token)));
        nonce.ifPresent(value -> claims.claim("nonce", value));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String code() {
        TestOAuth.Pkce pkce = TestOAuth.pkce();
        PKCE.set(pkce);
        return TestOAuth.json(Form.of("client_id", "shop-app", "response_type", "code", "scope",
                "openid bulwark:account orders:read", "code_challenge", pkce.challenge(), "code_challenge_method", "S256",
                "username", "erin", "password", PASSWORD).post(base, "oauth2/authorize-challenge"))
                .get("authorization_code").asText();
    }

    private static final ThreadLocal<TestOAuth.Pkce> PKCE = new ThreadLocal<>();

    private static HttpResponse<String> tokenRequest(Optional<String> proof, String... pairs) {
        Form form = Form.of(pairs);
        return proof.isEmpty() ? form.post(base, "oauth2/token") : form.post(base, "oauth2/token", "DPoP", proof.get());
    }

    private static HttpResponse<String> exchange(Optional<String> proof) {
        String code = code();
        return tokenRequest(proof, "grant_type", "authorization_code", "client_id", "shop-app", "code", code,
                "code_verifier", PKCE.get().verifier(), "device_id", "phone-dpop");
    }

    private static HttpResponse<String> devices(String scheme, String accessToken, Optional<String> proof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("account/v1/devices")).GET()
                .header("Authorization", scheme + " " + accessToken).timeout(Duration.ofSeconds(10));
        proof.ifPresent(p -> request.header("DPoP", p));
        return Http.send(request.build());
    }

    /** Runs docs/examples/DpopProof.java with this JDK, as the documentation tells a reader to. */
    private static String documentedProof(Path key, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), Path.of("..", "docs", "examples", "DpopProof.java").toString(), key.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String proof = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .trim();
        assertThat(process.waitFor()).as("the example's exit code").isZero();
        return proof;
    }

    @Test
    void whenTheDocumentedExampleMakesTheProofsThenTheServerBindsAndTakesTheToken() throws Exception {
        Path key = directory.resolve("phone-key");
        String tokenUrl = issuer + "/oauth2/token";
        HttpResponse<String> issued = exchange(Optional.of(documentedProof(key, "POST", tokenUrl)));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(TestOAuth.json(issued).get("token_type").asText()).isEqualTo("DPoP");
        String access = TestOAuth.json(issued).get("access_token").asText();
        String userinfoUrl = issuer + "/oauth2/userinfo";

        HttpResponse<String> userinfo = Http.send(HttpRequest.newBuilder(base.resolve("oauth2/userinfo")).GET()
                .header("Authorization", "DPoP " + access)
                .header("DPoP", documentedProof(key, "GET", userinfoUrl, access))
                .timeout(Duration.ofSeconds(10)).build());

        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(Files.readString(key)).as("the key file is the phone's alone").isNotBlank();
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void whenAPhoneProvesItsKeyThenItsTokensAreBoundAndUselessWithoutIt() throws Exception {
        ECKey phone = new ECKeyGenerator(Curve.P_256).generate();
        ECKey thief = new ECKeyGenerator(Curve.P_256).generate();
        String tokenUrl = issuer + "/oauth2/token";
        HttpResponse<String> issued = exchange(Optional.of(proof(phone, "POST", tokenUrl, Optional.empty(),
                Optional.empty())));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        JsonNode tokens = TestOAuth.json(issued);
        assertThat(tokens.get("token_type").asText()).isEqualTo("DPoP");
        String access = tokens.get("access_token").asText();
        String jkt = phone.computeThumbprint().toString();
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getJSONObjectClaim("cnf")).containsEntry("jkt", jkt);

        String devicesUrl = issuer + "/account/v1/devices";
        assertThat(devices("DPoP", access, Optional.of(proof(phone, "GET", devicesUrl, Optional.of(access),
                Optional.empty()))).statusCode()).isEqualTo(200);
        HttpResponse<String> asBearer = devices("Bearer", access, Optional.empty());
        assertThat(asBearer.statusCode()).as("a bound token as a bearer token").isEqualTo(401);
        assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(asBearer.headers().allValues("WWW-Authenticate")).as("RFC 9449 §7.1: DPoP is offered too")
                .anySatisfy(challenge -> assertThat(challenge).startsWith("DPoP realm=\"bulwark\", algs=\"")
                        .contains("ES256"));
        String userinfoUrl = issuer + "/oauth2/userinfo";
        HttpResponse<String> withoutAth = Http.send(HttpRequest.newBuilder(base.resolve("oauth2/userinfo")).GET()
                .header("Authorization", "DPoP " + access)
                .header("DPoP", proof(phone, "GET", userinfoUrl, Optional.empty(), Optional.empty()))
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(withoutAth.statusCode()).as("a resource refuses a proof without ath with 401 (RFC 9449 §7.1)")
                .isEqualTo(401);
        assertThat(withoutAth.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP ")
                .contains("error=\"invalid_dpop_proof\"");
        assertThat(devices("DPoP", access, Optional.of(proof(thief, "GET", devicesUrl, Optional.of(access),
                Optional.empty()))).statusCode()).as("a proof by another key").isEqualTo(401);
        String onceOnly = proof(phone, "GET", devicesUrl, Optional.of(access), Optional.empty());
        assertThat(devices("DPoP", access, Optional.of(onceOnly)).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = devices("DPoP", access, Optional.of(onceOnly));
        assertThat(replayed.statusCode()).as("a replayed proof").isEqualTo(401);
        assertThat(replayed.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP ")
                .contains("invalid_dpop_proof");
        assertThat(devices("DPoP", access, Optional.of(proof(phone, "GET", issuer + "/account/v1/sessions",
                Optional.of(access), Optional.empty()))).statusCode()).as("a proof for another URL").isEqualTo(401);

        String refresh = tokens.get("refresh_token").asText();
        HttpResponse<String> stolen = tokenRequest(Optional.of(proof(thief, "POST", tokenUrl, Optional.empty(),
                Optional.empty())), "grant_type", "refresh_token", "client_id", "shop-app", "refresh_token", refresh);
        assertThat(stolen.statusCode()).as("the refresh token replayed with another key").isEqualTo(400);
        assertThat(TestOAuth.json(stolen).get("error").asText()).isEqualTo("invalid_dpop_proof");
        HttpResponse<String> bare = tokenRequest(Optional.empty(), "grant_type", "refresh_token", "client_id",
                "shop-app", "refresh_token", refresh);
        assertThat(bare.statusCode()).as("the refresh token without a proof").isEqualTo(400);
        HttpResponse<String> rightful = tokenRequest(Optional.of(proof(phone, "POST", tokenUrl, Optional.empty(),
                Optional.empty())), "grant_type", "refresh_token", "client_id", "shop-app", "refresh_token", refresh,
                "scope", "openid orders:read");
        assertThat(rightful.statusCode()).as("the phone itself, after the thief's attempts").isEqualTo(200);
        assertThat(TestOAuth.json(rightful).get("token_type").asText()).isEqualTo("DPoP");
        JsonNode introspected = TestOAuth.json(Form.of("token", TestOAuth.json(rightful).get("access_token").asText())
                .basic("orders-api", serviceSecret).post(base, "oauth2/introspect"));
        assertThat(introspected.get("token_type").asText()).as("the API's token, bound as well").isEqualTo("DPoP");
        assertThat(introspected.get("cnf").get("jkt").asText()).isEqualTo(jkt);
        assertThat(server.bulwark().audit().latest(100)).extracting(AuditRecord::type).contains("dpop.binding_refused");
    }

    @Test
    void whenNoProofIsSentThenTokensAreBearerTokensAndRefuseTheDpopScheme() throws Exception {
        JsonNode tokens = TestOAuth.json(exchange(Optional.empty()));
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        String access = tokens.get("access_token").asText();
        assertThat(devices("Bearer", access, Optional.empty()).statusCode()).isEqualTo(200);
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        assertThat(devices("DPoP", access, Optional.of(proof(key, "GET", issuer + "/account/v1/devices",
                Optional.of(access), Optional.empty()))).statusCode()).isEqualTo(401);
        assertThat(TestOAuth.json(Http.get(base, ".well-known/openid-configuration"))
                .get("dpop_signing_alg_values_supported")).extracting(JsonNode::asText).contains("ES256")
                .doesNotContain("HS256", "none");
        HttpResponse<String> bad = exchange(Optional.of("not-a-proof"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestOAuth.json(bad).get("error").asText()).isEqualTo("invalid_dpop_proof");
    }

    @Test
    void whenNoncesAreRequiredThenTheFirstProofIsAnsweredWithOneAndTheRetryPasses(@TempDir Path other)
            throws Exception {
        try (BulwarkServer strict = BulwarkServer.start(TestConfigs.config(other, "BULWARK_DPOP_REQUIRE_NONCE", "true"),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()))) {
            URI strictBase = URI.create(strict.url() + "/");
            strict.bulwark().apps().create(TestApps.service("reports"), Actor.SYSTEM);
            String secret = strict.bulwark().apps().create(TestApps.service("reports-2"), Actor.SYSTEM).clientSecret()
                    .orElseThrow();
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            String tokenUrl = strict.bulwark().protocol().issuer() + "/oauth2/token";

            HttpResponse<String> first = Form.of("grant_type", "client_credentials").basic("reports-2", secret)
                    .post(strictBase, "oauth2/token", "DPoP", proof(key, "POST", tokenUrl, Optional.empty(),
                            Optional.empty()));
            assertThat(first.statusCode()).isEqualTo(400);
            assertThat(TestOAuth.json(first).get("error").asText()).isEqualTo("use_dpop_nonce");
            assertThat(first.body()).doesNotContain("bulwark_dpop_nonce");
            String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();

            HttpResponse<String> retry = Form.of("grant_type", "client_credentials").basic("reports-2", secret)
                    .post(strictBase, "oauth2/token", "DPoP", proof(key, "POST", tokenUrl, Optional.empty(),
                            Optional.of(nonce)));
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            assertThat(TestOAuth.json(retry).get("token_type").asText()).isEqualTo("DPoP");
        }
    }
}
