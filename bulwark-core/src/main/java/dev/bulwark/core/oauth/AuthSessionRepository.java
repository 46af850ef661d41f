package dev.bulwark.core.oauth;

import java.time.Instant;
import java.util.Optional;

/** Port: first-party auth sessions, by digest. Never returns null. */
public interface AuthSessionRepository {

    void insert(AuthSession session);

    Optional<AuthSession> find(String digest);

    void update(AuthSession session);

    void deleteExpired(Instant before);
}
