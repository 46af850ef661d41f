package dev.bulwark.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.token.DpopVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DPoP proof verifications per second (RFC 9449 §4.3, every check but the replay cache, which is the database's
 * cost and measured with it), against the bare ES256 signature check of the same proofs as the baseline in the same
 * run: the ratio says what the checks around the signature cost. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DpopBenchmark {
    private static final int PROOFS = 4_096;
    private static final URI TOKEN = URI.create("https://bulwark.example/oauth2/token");

    private final String[] proofs = new String[PROOFS];
    private final SignedJWT[] parsed = new SignedJWT[PROOFS];
    private DpopVerifier verifier;
    private ECDSAVerifier signatureOnly;
    private final DpopVerifier.Request request = new DpopVerifier.Request("POST", TOKEN, Optional.empty());
    private int next;

    @Setup
    public void setUp() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        for (int i = 0; i < PROOFS; i++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(),
                    new JWTClaimsSet.Builder().jwtID("jti-" + i).claim("htm", "POST").claim("htu", TOKEN.toString())
                            .issueTime(Date.from(now)).build());
            jwt.sign(new ECDSASigner(key));
            proofs[i] = jwt.serialize();
            parsed[i] = SignedJWT.parse(proofs[i]);
        }
        // Every proof is new to this cache: the replay check's own cost is the database's, not this verifier's.
        verifier = new DpopVerifier((k, seen, expires) -> true, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Optional.empty());
        signatureOnly = new ECDSAVerifier(key.toECPublicKey());
    }

    @Benchmark
    public DpopVerifier.Proof verifyProof() {
        return verifier.verify(proofs[next++ & (PROOFS - 1)], request);
    }

    /** The baseline: the ES256 signature check alone, on proofs already parsed. */
    @Benchmark
    public boolean signatureBaseline() throws Exception {
        SignedJWT jwt = parsed[next++ & (PROOFS - 1)];
        return signatureOnly.verify(jwt.getHeader(), jwt.getSigningInput(), jwt.getSignature());
    }
}
