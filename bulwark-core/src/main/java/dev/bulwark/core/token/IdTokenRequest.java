package dev.bulwark.core.token;

import dev.bulwark.core.app.ClientId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an OpenID Connect ID token says.
 *
 * @param accessToken the access token issued with it, for {@code at_hash}
 * @param userClaims  claims the granted scopes release, such as {@code email} or {@code preferred_username}
 */
public record IdTokenRequest(String subject, ClientId clientId, Optional<String> nonce, Instant authTime, String acr,
                             List<String> amr, Optional<String> sessionId, String accessToken,
                             Map<String, Object> userClaims, SigningAlgorithm algorithm, Duration lifetime) {
    public IdTokenRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(acr, "acr");
        amr = List.copyOf(amr);
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(accessToken, "accessToken");
        userClaims = Map.copyOf(userClaims);
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    @Override
    public String toString() {
        return "IdTokenRequest[" + subject + ", " + clientId + "]";
    }
}
