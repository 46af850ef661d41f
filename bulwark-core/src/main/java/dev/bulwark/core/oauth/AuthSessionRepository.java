package dev.bulwark.core.oauth;

import java.time.Instant;
import java.util.Optional;

/** Port: first-party auth sessions, by digest. Never returns null. */
public interface AuthSessionRepository {

    void insert(AuthSession session);

    Optional<AuthSession> find(String digest);

    void update(AuthSession session);

    /**
     * Deletes an auth session: it is spent once its code is issued.
     *
     * @return whether it was there to delete (false when a concurrent request spent it first)
     */
    boolean delete(String digest);

    void deleteExpired(Instant before);
}
