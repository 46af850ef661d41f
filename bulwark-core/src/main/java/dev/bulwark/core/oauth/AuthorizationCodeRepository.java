package dev.bulwark.core.oauth;

import dev.bulwark.core.session.SessionId;
import java.time.Instant;
import java.util.Optional;

/** Port: authorization codes, by digest. Never returns null. */
public interface AuthorizationCodeRepository {

    void insert(AuthorizationCode code);

    Optional<AuthorizationCode> find(String digest);

    /** Marks the code used by a new session unless it already was (compare-and-set); returns whether this call did. */
    boolean markUsed(String digest, Instant at, SessionId sessionId);

    /** Forgets codes that expired before {@code before}. */
    void deleteExpired(Instant before);
}
