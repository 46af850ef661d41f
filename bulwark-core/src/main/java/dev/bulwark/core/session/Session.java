package dev.bulwark.core.session;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.app.Scopes;
import dev.bulwark.core.app.SessionPolicy;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sign-in of a user in an app on a device. It ends when unused for the app's idle timeout, at its absolute
 * lifetime, or when revoked; the refresh tokens and access tokens issued for it die with it.
 *
 * @param authTime when the user last actively authenticated (OpenID Connect {@code auth_time})
 * @param acr      the authentication context class reached
 * @param amr      the authentication methods used (RFC 8176 values such as {@code pwd})
 * @param dpopJkt  the thumbprint of the DPoP key its refresh tokens are bound to (RFC 9449 §5), if any
 * @param refresh  where its refresh tokens stand: the current generation and when it was issued
 */
public record Session(SessionId id, UserId userId, ClientId clientId, DeviceId deviceId, Scopes scopes,
                      Instant createdAt, Instant lastActiveAt, Instant authTime, String acr, List<String> amr,
                      Optional<Instant> revokedAt, Optional<RevocationReason> revocationReason,
                      Optional<String> dpopJkt, RefreshGeneration refresh) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(acr, "acr");
        amr = List.copyOf(amr);
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revocationReason, "revocationReason");
        Objects.requireNonNull(dpopJkt, "dpopJkt");
        Objects.requireNonNull(refresh, "refresh");
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    /** When it ends if nothing revokes it: at the idle timeout after its last use, or its absolute lifetime. */
    public Instant expiresAt(SessionPolicy policy) {
        Instant idleEnd = lastActiveAt.plus(policy.idleTimeout());
        Instant absoluteEnd = createdAt.plus(policy.absoluteLifetime());
        return idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
    }

    public boolean activeAt(Instant now, SessionPolicy policy) {
        return !revoked() && now.isBefore(expiresAt(policy));
    }
}
