package dev.bulwark.core.session;

import java.time.Instant;
import java.util.Optional;

/** Port: refresh tokens, by digest. Never returns null. */
public interface RefreshTokenRepository {

    void insert(RefreshToken token);

    Optional<RefreshToken> find(String digest);

    /** Marks the token superseded unless it already was; returns whether this call did (a compare-and-set). */
    boolean supersede(String digest, Instant at);
}
