package dev.bulwark.core.session;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.Optional;

/** Port: browser sessions of the hosted pages, by digest of their cookie. Never returns null. */
public interface BrowserSessionRepository {

    void insert(BrowserSession session);

    Optional<BrowserSession> find(String digest);

    void delete(String digest);

    /** Ends every browser session of the user (signed out everywhere, disabled, password changed). */
    void deleteAllOf(UserId userId);

    void deleteExpired(Instant before);
}
