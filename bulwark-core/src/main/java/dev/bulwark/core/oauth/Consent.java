package dev.bulwark.core.oauth;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's consent to a third-party app: the scopes they allowed it, remembered so that a later sign-in asking for
 * no more is not asked again. Revoking it ends the app's sessions of the user.
 */
public record Consent(UserId userId, ClientId clientId, Scopes scopes, Instant grantedAt) {
    public Consent {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(grantedAt, "grantedAt");
    }

    /** Whether the user allowed every one of {@code requested}. */
    public boolean covers(Scopes requested) {
        return scopes.containsAll(requested);
    }
}
