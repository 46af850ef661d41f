package dev.bulwark.core.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulwark.core.crypto.TokenDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;

/** Issues signed JWT access tokens (RFC 9068) and OpenID Connect ID tokens. */
public final class TokenIssuer {
    public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final TokenSigner signer;
    private final String issuer;
    private final SigningAlgorithm accessTokenAlgorithm;
    private final Clock clock;
    private final SecureRandom random;

    public TokenIssuer(TokenSigner signer, String issuer, SigningAlgorithm accessTokenAlgorithm, Clock clock,
                       SecureRandom random) {
        this.signer = signer;
        this.issuer = issuer;
        this.accessTokenAlgorithm = accessTokenAlgorithm;
        this.clock = clock;
        this.random = random;
    }

    /** Bulwark's issuer identifier: the same string in every token, the metadata and {@code iss} parameters. */
    public String issuer() {
        return issuer;
    }

    public IssuedAccessToken accessToken(AccessTokenRequest request) {
        Instant now = seconds(clock.instant());
        Instant expiry = now.plus(request.lifetime());
        String jti = TokenDigest.newSecret(random, 16);
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(request.subject())
                .audience(request.audiences())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .jwtID(jti)
                .claim("client_id", request.clientId().value());
        if (!request.scopes().isEmpty()) {
            claims.claim("scope", request.scopes().text());
        }
        request.sessionId().ifPresent(sid -> claims.claim("sid", sid));
        request.authTime().ifPresent(time -> claims.claim("auth_time", time.getEpochSecond()));
        request.acr().ifPresent(acr -> claims.claim("acr", acr));
        if (!request.amr().isEmpty()) {
            claims.claim("amr", request.amr());
        }
        if (!request.roles().isEmpty()) {
            claims.claim("roles", request.roles());
        }
        request.dpopJkt().ifPresent(jkt -> claims.claim("cnf", java.util.Map.of("jkt", jkt)));
        return new IssuedAccessToken(signer.sign(claims.build(), accessTokenAlgorithm, ACCESS_TOKEN_TYPE), jti, expiry);
    }

    public String idToken(IdTokenRequest request) {
        Instant now = seconds(clock.instant());
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(request.subject())
                .audience(request.clientId().value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.lifetime())))
                .claim("auth_time", request.authTime().getEpochSecond())
                .claim("acr", request.acr())
                .claim("at_hash", leftHalfHash(request.accessToken(), request.algorithm()));
        if (!request.amr().isEmpty()) {
            claims.claim("amr", request.amr());
        }
        request.nonce().ifPresent(nonce -> claims.claim("nonce", nonce));
        request.sessionId().ifPresent(sid -> claims.claim("sid", sid));
        request.userClaims().forEach(claims::claim);
        return signer.sign(claims.build(), request.algorithm(), JOSEObjectType.JWT);
    }

    /** OpenID Connect Core §3.1.3.6: base64url of the left half of the hash that the ID token's algorithm uses. */
    static String leftHalfHash(String value, SigningAlgorithm algorithm) {
        String hash = switch (algorithm) {
            case ES256, RS256 -> "SHA-256";
            case EDDSA -> "SHA-512"; // Ed25519 hashes with SHA-512 (OpenID Connect errata for EdDSA)
        };
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is missing", e);
        }
    }

    private static Instant seconds(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }
}
