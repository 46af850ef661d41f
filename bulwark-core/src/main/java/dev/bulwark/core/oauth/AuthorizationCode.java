package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import dev.bulwark.core.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization code as stored: its digest, and everything it is bound to (client, redirect URI, PKCE
 * challenge) and will grant. Single use: once exchanged it records the session it started, so that a second use
 * revokes that session.
 *
 * @param redirectUri absent for codes from the first-party challenge endpoint, which has no redirect
 * @param attestedKey the JWK thumbprint of the key the device attested in the sign-in, which must make the DPoP
 *                    proof of the exchange
 */
public record AuthorizationCode(String digest, ClientId clientId, UserId userId, Optional<String> redirectUri,
                                String codeChallenge, Scopes scopes, Optional<String> nonce, Instant authTime,
                                String acr, List<String> amr, Optional<String> attestedKey, Instant expiresAt,
                                Optional<Instant> usedAt, Optional<SessionId> sessionId) {
    public AuthorizationCode {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(acr, "acr");
        amr = List.copyOf(amr);
        Objects.requireNonNull(attestedKey, "attestedKey");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(usedAt, "usedAt");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
