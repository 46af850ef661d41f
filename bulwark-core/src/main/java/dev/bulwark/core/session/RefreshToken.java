package dev.bulwark.core.session;

import dev.bulwark.core.app.ClientId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A refresh token as stored: its SHA-256 digest, never the token. All refresh tokens of a session form one family;
 * each refresh supersedes the token presented and issues its successor.
 */
public record RefreshToken(String digest, SessionId sessionId, ClientId clientId, Instant issuedAt,
                           Optional<Instant> supersededAt) {
    public RefreshToken {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(supersededAt, "supersededAt");
    }
}
