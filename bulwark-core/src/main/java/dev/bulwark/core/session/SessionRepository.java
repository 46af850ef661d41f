package dev.bulwark.core.session;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: sessions. Never returns null. */
public interface SessionRepository {

    void insert(Session session);

    Optional<Session> find(SessionId id);

    /** Records a use: extends the idle timeout. */
    void touch(SessionId id, Instant at);

    /** Ends the session unless it already ended; returns whether this call ended it. */
    boolean revoke(SessionId id, Instant at, RevocationReason reason);

    /** The user's sessions that were not revoked, newest first (expired ones included: callers judge expiry). */
    List<Session> unrevokedOf(UserId userId);

    /** The app's sessions that were not revoked (expired ones included). */
    List<Session> unrevokedOfClient(ClientId clientId);
}
