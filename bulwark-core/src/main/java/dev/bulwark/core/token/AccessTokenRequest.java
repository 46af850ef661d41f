package dev.bulwark.core.token;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an access token says (RFC 9068).
 *
 * @param subject   the user's id, or the client's id for the client credentials grant
 * @param sessionId the session it belongs to ({@code sid}), absent for client credentials
 * @param audiences who the token is for ({@code aud}); at least one
 * @param roles     SCIM-style roles (RFC 9068 §2.2.3.1), such as {@code admin}
 * @param dpopJkt   the DPoP key the token is bound to ({@code cnf.jkt}, RFC 9449 §6.1), if any
 */
public record AccessTokenRequest(String subject, ClientId clientId, Scopes scopes, Optional<String> sessionId,
                                 Optional<Instant> authTime, Optional<String> acr, List<String> amr,
                                 List<String> audiences, List<String> roles, Duration lifetime,
                                 Optional<String> dpopJkt) {
    public AccessTokenRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(acr, "acr");
        amr = List.copyOf(amr);
        audiences = List.copyOf(audiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("an access token names at least one audience (RFC 9068 §3)");
        }
        roles = List.copyOf(roles);
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(dpopJkt, "dpopJkt");
    }
}
