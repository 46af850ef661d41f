package dev.bulwark.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.crypto.SecretBytes;
import dev.bulwark.core.oauth.ReplayCache;
import dev.bulwark.core.testing.MovableClock;
import dev.bulwark.core.testing.SharedTestData;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * RFC 9449 §4.3, check by check: the RFC's own example proofs (../shared/testdata/dpop, clock pinned to their
 * iat) verify, and a proof of the test's own breaks each check in turn.
 */
class DpopVerifierTest {
    private static final URI TOKEN = URI.create("https://server.example.com/token");

    /** One node's replay cache, as the port promises it. */
    static final class MemoryReplays implements ReplayCache {
        private final Map<String, Instant> seen = new HashMap<>();

        @Override
        public synchronized boolean firstUse(String key, Instant now, Instant expiresAt) {
            Instant earlier = seen.get(key);
            if (earlier != null && earlier.isAfter(now)) {
                return false;
            }
            seen.put(key, expiresAt);
            return true;
        }
    }

    private static DpopVerifier verifier(MovableClock clock) {
        return new DpopVerifier(new MemoryReplays(), clock, Duration.ofSeconds(60), Duration.ofSeconds(5),
                Optional.empty());
    }

    /** The examples file, read with the JSON parser core already has (Nimbus). */
    private static Map<String, Object> examples() throws Exception {
        return JSONObjectUtils.parse(Files.readString(SharedTestData.file("dpop/rfc9449-examples.json")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.get(name);
    }

    private static String text(Map<String, Object> parent, String name) {
        return parent.get(name).toString();
    }

    private static long number(Map<String, Object> parent, String name) {
        return ((Number) parent.get(name)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<Map<String, Object>> proofs(Map<String, Object> examples) {
        return (java.util.List<Map<String, Object>>) examples.get("proofs");
    }

    @Test
    void whenTheRfc9449ExampleProofsAreVerifiedAtTheirTimeThenEachPassesWithTheExampleThumbprint() throws Exception {
        Map<String, Object> examples = examples();
        String jkt = text(examples, "dpop_public_jwk_thumbprint_jkt");
        assertThat(proofs(examples)).hasSize(3);
        for (Map<String, Object> proof : proofs(examples)) {
            Map<String, Object> payload = object(proof, "decoded_payload");
            MovableClock clock = new MovableClock(Instant.ofEpochSecond(number(payload, "iat")));
            Optional<String> accessToken = payload.containsKey("ath")
                    ? Optional.of(text(examples, "access_token")) : Optional.empty();

            DpopVerifier.Proof verified = verifier(clock).verify(text(proof, "dpop_proof_jwt"),
                    new DpopVerifier.Request(text(proof, "http_method"), URI.create(text(proof, "http_uri")),
                            accessToken));

            assertThat(verified.jkt()).as(text(proof, "id")).isEqualTo(jkt);
            assertThat(verified.jti()).isEqualTo(text(payload, "jti"));
        }
        assertThat(DpopVerifier.accessTokenHash(text(examples, "access_token")))
                .isEqualTo(text(examples, "access_token_ath"));
    }

    @Test
    void whenAnExampleProofIsPresentedTwiceOrLateThenItIsRefused() throws Exception {
        Map<String, Object> first = proofs(examples()).get(0);
        Instant iat = Instant.ofEpochSecond(number(object(first, "decoded_payload"), "iat"));
        String proof = text(first, "dpop_proof_jwt");
        MovableClock clock = new MovableClock(iat);
        DpopVerifier verifier = verifier(clock);
        var request = new DpopVerifier.Request("POST", TOKEN, Optional.empty());
        verifier.verify(proof, request);

        assertRefused(() -> verifier.verify(proof, request), "used before");
        clock.advance(Duration.ofSeconds(61));
        assertRefused(() -> verifier(clock).verify(proof, request), "iat");
        assertRefused(() -> verifier(new MovableClock(iat.minusSeconds(6))).verify(proof, request), "iat");
    }

    /** A proof of the test's own, made as a client would, with one thing changed by {@code change}. */
    private static String proof(ECKey key, Instant iat, Consumer<JWSHeader.Builder> header,
                                Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK());
        header.accept(h);
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", TOKEN.toString()).issueTime(Date.from(iat));
        claims.accept(c);
        SignedJWT jwt = new SignedJWT(h.build(), c.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static void assertRefused(Runnable check, String naming) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DPOP_PROOF);
            assertThat(e.detail()).contains(naming);
        });
    }

    @Test
    void whenAnyCheckOfSection43FailsThenTheProofIsRefusedNamingIt() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        MovableClock clock = new MovableClock(now);
        DpopVerifier verifier = verifier(clock);
        var request = new DpopVerifier.Request("POST", TOKEN, Optional.empty());

        assertThat(verifier.verify(proof(key, now, h -> { }, c -> { }), request).jkt())
                .isEqualTo(key.computeThumbprint().toString());
        assertRefused(() -> verifier.verify("not.a.jwt", request), "signed JWT");
        assertRefused(() -> verifier.verify("eyJhbGciOiJub25lIiwidHlwIjoiZHBvcCtqd3QifQ.eyJqdGkiOiJ4In0.", request),
                "signed JWT");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> h.type(JOSEObjectType.JWT), c -> { })),
                request), "typ");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> { }, c -> c.jwtID(null))), request),
                "jti");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> { }, c -> c.claim("htm", null))),
                request), "htm");
        // Nimbus already refuses a header whose jwk is private; the proof must be refused either way.
        assertRefused(() -> verifier.verify(sneaky(() -> withPrivateJwk(key, now)), request), "DPoP proof");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> h.jwk(other.toPublicJWK()),
                c -> { })), request), "signature");
        assertRefused(() -> verifier.verify(sneaky(() -> hmacProof(now)), request), "alg");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> { }, c -> c.claim("htm", "GET"))),
                request), "htm");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> { },
                c -> c.claim("htu", "https://server.example.com/other"))), request), "htu");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now.minusSeconds(120), h -> { }, c -> { })),
                request), "iat");
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now.plusSeconds(30), h -> { }, c -> { })),
                request), "iat");
        var withToken = new DpopVerifier.Request("GET", URI.create("https://server.example.com/account"),
                Optional.of("the-access-token"));
        assertRefused(() -> verifier.verify(sneaky(() -> proof(key, now, h -> { }, c -> c.claim("htm", "GET")
                .claim("htu", "https://server.example.com/account").claim("ath", "wrong"))), withToken), "ath");
        assertThat(verifier.verify(proof(key, now, h -> { }, c -> c.claim("htm", "GET")
                .claim("htu", "https://server.example.com/account")
                .claim("ath", DpopVerifier.accessTokenHash("the-access-token"))), withToken).jkt()).isNotBlank();
    }

    @Test
    void whenUrisDifferOnlyInWhatRfc3986NormalisesOrInQueryAndFragmentThenTheyMatch() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        DpopVerifier verifier = verifier(new MovableClock(now));
        var request = new DpopVerifier.Request("POST", URI.create("https://server.example.com/token?x=1"),
                Optional.empty());

        for (String htu : new String[] {"HTTPS://Server.Example.COM:443/token", "https://server.example.com/a/../token",
                "https://server.example.com/token#fragment"}) {
            assertThat(verifier.verify(proof(key, now, h -> { }, c -> c.claim("htu", htu)), request).jkt()).as(htu)
                    .isNotBlank();
        }
    }

    @Test
    void whenNoncesAreRequiredThenAProofWithoutTheCurrentOneIsToldToUseIt() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        MovableClock clock = new MovableClock(now);
        DpopNonces nonces = new DpopNonces(SecretBytes.copyOf(new byte[32]), clock);
        DpopVerifier verifier = new DpopVerifier(new MemoryReplays(), clock, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Optional.of(nonces));
        var request = new DpopVerifier.Request("POST", TOKEN, Optional.empty());

        assertThatThrownBy(() -> verifier.verify(proof(key, now, h -> { }, c -> { }), request))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USE_DPOP_NONCE);
                    assertThat(e.extensions().get(DpopVerifier.NONCE)).isEqualTo(nonces.current());
                });
        String nonce = nonces.current();
        assertThat(verifier.verify(proof(key, now, h -> { }, c -> c.claim("nonce", nonce)), request).jkt())
                .isNotBlank();
        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> verifier.verify(proof(key, clock.instant(), h -> { }, c -> c.claim("nonce", nonce)),
                request)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USE_DPOP_NONCE));
    }

    /** A proof whose header carries the private key, signed by hand (libraries refuse to build one). */
    private static String withPrivateJwk(ECKey key, Instant now) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJSONString() + "}";
        String payload = "{\"jti\":\"p\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":"
                + now.getEpochSecond() + "}";
        String input = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.toECPrivateKey());
        signer.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signer.sign());
    }

    private static String hmacProof(Instant now) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID("j").claim("htm", "POST")
                .claim("htu", TOKEN.toString()).issueTime(Date.from(now)).build());
        jwt.sign(new MACSigner(new byte[32]));
        return jwt.serialize();
    }

    /** A throwing supplier as a plain one, for building proofs inside assertions. */
    private interface Making {
        String make() throws Exception;
    }

    private static String sneaky(Making making) {
        try {
            return making.make();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
