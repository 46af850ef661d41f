package dev.bulwark.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.oauth.ReplayCache;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies DPoP proofs (RFC 9449 §4.3), one method per check in the order of the spec, each failing closed with its
 * own message. Lives in core so that the token endpoint, Bulwark's own APIs, and later the gateway and the SDK share
 * it. The replay cache is the {@link ReplayCache} port (the database for every node).
 */
public final class DpopVerifier {
    /** Asymmetric algorithms only (§4.3 step 5): never {@code none}, never an HMAC. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.RS256,
            JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    static final String TYPE = "dpop+jwt";
    private static final int LONGEST_PROOF = 8_192;
    private static final int LONGEST_JTI = 256;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ReplayCache replays;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration futureSkew;
    private final Optional<DpopNonces> nonces;

    /**
     * @param maxAge     how old a proof's {@code iat} may be (the acceptance window, §11.1); default 60 s
     * @param futureSkew how far ahead of the server's clock {@code iat} may be; default 5 s
     * @param nonces     when present, every proof must carry a current server nonce (§8)
     */
    public DpopVerifier(ReplayCache replays, Clock clock, Duration maxAge, Duration futureSkew,
                        Optional<DpopNonces> nonces) {
        this.replays = replays;
        this.clock = clock;
        this.maxAge = maxAge;
        this.futureSkew = futureSkew;
        this.nonces = nonces;
    }

    /** The request the proof must be for. */
    public record Request(String method, URI uri, Optional<String> accessToken) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(accessToken, "accessToken");
        }
    }

    /** A proof that checked out: the thumbprint of its key (RFC 7638), to bind tokens to or compare with. */
    public record Proof(String jkt, String jti, Instant issuedAt) {
    }

    /**
     * @throws DomainException {@code invalid_dpop_proof} naming the failed check, or {@code use_dpop_nonce}
     */
    public Proof verify(String proof, Request request) {
        SignedJWT jwt = wellFormed(proof);                                 // step 2
        JWSHeader header = jwt.getHeader();
        JWTClaimsSet claims = claims(jwt);
        requireClaims(header, claims);                                     // step 3
        typeIsDpop(header);                                                // step 4
        algorithmIsAsymmetric(header);                                     // step 5
        JWK key = publicKeyOnly(header);                                   // step 7 (before using the key)
        signatureVerifies(jwt, key);                                       // step 6
        methodMatches(claims, request);                                    // step 8
        uriMatches(claims, request);                                       // step 9
        nonceMatches(claims);                                              // step 10
        Instant issuedAt = issuedRecently(claims);                         // step 11
        String jkt = thumbprint(key);
        accessTokenHashMatches(claims, request);                           // step 12 (key binding: by the caller)
        usedOnce(jkt, claims, issuedAt);                                   // §11.1 replay
        return new Proof(jkt, string(claims, "jti"), issuedAt);
    }

    /** The {@code ath} of an access token: base64url(SHA-256(ASCII)). */
    public static String accessTokenHash(String accessToken) {
        return BASE64URL.encodeToString(sha256(accessToken.getBytes(StandardCharsets.US_ASCII)));
    }

    private static SignedJWT wellFormed(String proof) {
        if (proof == null || proof.isEmpty() || proof.length() > LONGEST_PROOF) {
            throw invalid("The DPoP proof is missing or too long.");
        }
        try {
            return SignedJWT.parse(proof);
        } catch (ParseException e) {
            throw invalid("The DPoP proof is not a signed JWT.");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The DPoP proof's claims are not a JSON object.");
        }
    }

    private static void requireClaims(JWSHeader header, JWTClaimsSet claims) {
        if (header.getType() == null || header.getJWK() == null) {
            throw invalid("The DPoP proof's header must carry typ, alg and jwk.");
        }
        for (String name : new String[] {"jti", "htm", "htu"}) {
            if (!(claims.getClaim(name) instanceof String value) || value.isEmpty()) {
                throw invalid("The DPoP proof must carry " + name + ".");
            }
        }
        if (!(claims.getClaim("iat") instanceof Date)) {
            throw invalid("The DPoP proof must carry iat.");
        }
        if (string(claims, "jti").length() > LONGEST_JTI) {
            throw invalid("The DPoP proof's jti is too long.");
        }
    }

    private static void typeIsDpop(JWSHeader header) {
        if (!TYPE.equals(header.getType().getType())) {
            throw invalid("The DPoP proof's typ must be dpop+jwt.");
        }
    }

    private static void algorithmIsAsymmetric(JWSHeader header) {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw invalid("The DPoP proof's alg must be an asymmetric algorithm Bulwark supports.");
        }
    }

    private static JWK publicKeyOnly(JWSHeader header) {
        JWK key = header.getJWK();
        if (key.isPrivate()) {
            throw invalid("The DPoP proof's jwk must not contain a private key.");
        }
        if (!(key instanceof AsymmetricJWK) || key instanceof OctetKeyPair okp && !okp.getCurve().getName()
                .equals("Ed25519")) {
            throw invalid("The DPoP proof's jwk must be an asymmetric public key.");
        }
        return key;
    }

    private static void signatureVerifies(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
                    key instanceof AsymmetricJWK asymmetric ? asymmetric.toPublicKey() : null);
            if (!jwt.verify(verifier)) {
                throw invalid("The DPoP proof's signature does not verify with its jwk.");
            }
        } catch (JOSEException | IllegalStateException e) {
            throw invalid("The DPoP proof's signature does not verify with its jwk.");
        }
    }

    private static void methodMatches(JWTClaimsSet claims, Request request) {
        if (!request.method().equals(string(claims, "htm"))) {
            throw invalid("The DPoP proof's htm does not match the request's method.");
        }
    }

    private static void uriMatches(JWTClaimsSet claims, Request request) {
        Optional<URI> htu = normalised(string(claims, "htu"));
        if (htu.isEmpty() || !htu.equals(normalised(request.uri().toString()))) {
            throw invalid("The DPoP proof's htu does not match the request's URI.");
        }
    }

    private void nonceMatches(JWTClaimsSet claims) {
        if (nonces.isEmpty()) {
            return;
        }
        Object nonce = claims.getClaim("nonce");
        if (!(nonce instanceof String value) || !nonces.get().valid(value)) {
            throw new DomainException(ErrorCode.USE_DPOP_NONCE, "Bulwark requires its nonce in the DPoP proof.")
                    .with(Map.of(NONCE, nonces.get().current()));
        }
    }

    /** The extension member that carries the nonce to send in {@code DPoP-Nonce}. */
    public static final String NONCE = "bulwark_dpop_nonce";

    private Instant issuedRecently(JWTClaimsSet claims) {
        Instant issuedAt = claims.getIssueTime().toInstant();
        Instant now = clock.instant();
        if (issuedAt.isBefore(now.minus(maxAge)) || issuedAt.isAfter(now.plus(futureSkew))) {
            throw invalid("The DPoP proof's iat is outside the accepted window.");
        }
        return issuedAt;
    }

    private static void accessTokenHashMatches(JWTClaimsSet claims, Request request) {
        if (request.accessToken().isEmpty()) {
            return;
        }
        Object ath = claims.getClaim("ath");
        if (!(ath instanceof String value) || !MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                accessTokenHash(request.accessToken().get()).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("The DPoP proof's ath does not match the access token.");
        }
    }

    private void usedOnce(String jkt, JWTClaimsSet claims, Instant issuedAt) {
        Instant now = clock.instant();
        // Kept for as long as the proof could pass the window check; keyed by key and jti (RFC 9449 §11.1).
        if (!replays.firstUse("dpop:" + jkt + ":" + string(claims, "jti"), now,
                issuedAt.plus(maxAge).plus(futureSkew))) {
            throw invalid("The DPoP proof was used before.");
        }
    }

    /** RFC 7638 thumbprint, base64url. */
    public static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw invalid("The DPoP proof's jwk has no thumbprint.");
        }
    }

    /**
     * A URI for comparison (RFC 9449 §4.3 step 9, RFC 3986 §6.2.2–6.2.3): scheme and host lower case, the default
     * port dropped, an empty path as "/", dot segments removed, query and fragment ignored.
     */
    static Optional<URI> normalised(String text) {
        try {
            URI uri = new URI(text).normalize();
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) {
                port = -1;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return Optional.of(new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), port, null, null, null)
                    .resolve(path));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String string(JWTClaimsSet claims, String name) {
        return (String) claims.getClaim(name);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_DPOP_PROOF, message);
    }
}
