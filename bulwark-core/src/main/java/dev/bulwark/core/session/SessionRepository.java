package dev.bulwark.core.session;

import dev.bulwark.core.app.ClientId;
import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: sessions. Never returns null. */
public interface SessionRepository {

    void insert(Session session);

    /** Stores many new sessions at once: for bulk loads (an import, the scale benchmark's seeding). */
    default void insertAll(List<Session> sessions) {
        sessions.forEach(this::insert);
    }

    Optional<Session> find(SessionId id);

    /** Records a use: extends the idle timeout. */
    void touch(SessionId id, Instant at);

    /**
     * Moves the session's refresh tokens from generation {@code from} to the next, issued {@code at}, unless another
     * refresh moved them first; returns whether this call did (a compare-and-set).
     */
    boolean advanceRefresh(SessionId id, long from, Instant at);

    /** Ends the session unless it already ended; returns whether this call ended it. */
    boolean revoke(SessionId id, Instant at, RevocationReason reason);

    /** The user's sessions that were not revoked, newest first (expired ones included: callers judge expiry). */
    List<Session> unrevokedOf(UserId userId);

    /** The app's sessions that were not revoked (expired ones included). */
    List<Session> unrevokedOfClient(ClientId clientId);

    /** Deletes at most {@code most} sessions revoked before {@code before}; returns how many. */
    int deleteRevoked(Instant before, int most);

    /** Deletes at most {@code most} of the app's sessions last used before {@code before}; returns how many. */
    int deleteUnused(ClientId clientId, Instant before, int most);
}
