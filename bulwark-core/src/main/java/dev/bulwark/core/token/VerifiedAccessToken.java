package dev.bulwark.core.token;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of an access token whose signature, type, issuer, audience and lifetime checked out.
 *
 * @param acr     the authentication context class of the sign-in behind it, if any
 * @param dpopJkt the DPoP key it is bound to ({@code cnf.jkt}): it is usable only with proofs by that key
 */
public record VerifiedAccessToken(String subject, ClientId clientId, Scopes scopes, Optional<String> sessionId,
                                  String jti, Instant issuedAt, Instant expiresAt, List<String> audiences,
                                  List<String> roles, Optional<Instant> authTime, Optional<String> acr,
                                  Optional<String> dpopJkt) {
    public VerifiedAccessToken {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(jti, "jti");
        audiences = List.copyOf(audiences);
        roles = List.copyOf(roles);
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(acr, "acr");
        Objects.requireNonNull(dpopJkt, "dpopJkt");
    }

    /** Whether the token names {@code audience} among those it is for (RFC 9068 §4, RFC 7519 §4.1.3). */
    public boolean isFor(String audience) {
        return audiences.contains(audience);
    }
}
