package dev.bulwark.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks Bulwark's own access tokens (RFC 9068 §4), in order: type, signature by a published key, issuer, lifetime.
 * Which audience a token must name depends on where it is presented, and is the caller's check
 * ({@link VerifiedAccessToken#isFor}), as is revocation (the session, the jti).
 */
public final class AccessTokenVerifier {
    private final KeyRing keyRing;
    private final String issuer;
    private final Clock clock;

    public AccessTokenVerifier(KeyRing keyRing, String issuer, Clock clock) {
        this.keyRing = keyRing;
        this.issuer = issuer;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    /** @throws DomainException {@code invalid_token} with one reason per failed check */
    public VerifiedAccessToken verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The access token is not a JWT.");
        }
        if (jwt.getHeader().getType() == null || !TokenIssuer.ACCESS_TOKEN_TYPE.equals(jwt.getHeader().getType())) {
            throw invalid("The token is not an access token (typ at+jwt).");
        }
        String kid = jwt.getHeader().getKeyID();
        Optional<JWSVerifier> verifier = kid == null ? Optional.empty() : keyRing.verifier(kid);
        if (verifier.isEmpty() || !verifies(jwt, verifier.get())) {
            throw invalid("The access token's signature does not verify.");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("The access token was issued by someone else.");
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || audiences.isEmpty()) {
            throw invalid("The access token names no audience.");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)) {
            throw invalid("The access token has expired.");
        }
        try {
            String clientId = claims.getStringClaim("client_id");
            if (claims.getSubject() == null || clientId == null || claims.getJWTID() == null) {
                throw invalid("The access token lacks sub, client_id or jti.");
            }
            Object authTime = claims.getClaim("auth_time");
            List<String> roles = claims.getStringListClaim("roles");
            return new VerifiedAccessToken(claims.getSubject(), new ClientId(clientId),
                    Scopes.parse(claims.getStringClaim("scope")), Optional.ofNullable(claims.getStringClaim("sid")),
                    claims.getJWTID(), claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant(),
                    audiences, roles == null ? List.of() : roles,
                    authTime instanceof Number seconds ? Optional.of(Instant.ofEpochSecond(seconds.longValue()))
                            : Optional.empty(), Optional.ofNullable(claims.getStringClaim("acr")), confirmation(claims));
        } catch (ParseException | RuntimeException e) {
            throw e instanceof DomainException domain ? domain : invalid("The access token's claims are malformed.");
        }
    }

    /** {@code cnf.jkt} (RFC 9449 §6.1); a {@code cnf} without a usable {@code jkt} is malformed. */
    private static Optional<String> confirmation(JWTClaimsSet claims) throws ParseException {
        java.util.Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
        if (cnf == null) {
            return Optional.empty();
        }
        if (!(cnf.get("jkt") instanceof String jkt) || jkt.isEmpty()) {
            throw invalid("The access token's cnf claim has no jkt.");
        }
        return Optional.of(jkt);
    }

    private static boolean verifies(SignedJWT jwt, JWSVerifier verifier) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.INVALID_TOKEN, message);
    }
}
