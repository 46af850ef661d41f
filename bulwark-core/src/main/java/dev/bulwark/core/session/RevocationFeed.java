package dev.bulwark.core.session;

import java.time.Instant;
import java.util.List;

/**
 * Port: the feed of revoked sessions and tokens that resource servers poll, so that a lost phone is cut off in
 * seconds rather than when its access token expires. Entries are kept until every token they concern has expired.
 */
public interface RevocationFeed {

    /** One entry: a session ({@code sid}) or a single access token ({@code jti}) that must no longer be accepted. */
    record Entry(long sequence, Kind kind, String id, Instant revokedAt, Instant expiresAt) {
        public enum Kind {
            SESSION, TOKEN
        }
    }

    void append(Entry.Kind kind, String id, Instant revokedAt, Instant expiresAt);

    /** Entries after {@code sequence}, oldest first, at most {@code limit}. */
    List<Entry> after(long sequence, int limit);

    /** Whether a single access token (by jti) was revoked. */
    boolean tokenRevoked(String jti);

    /** Forgets entries whose tokens have all expired. */
    void prune(Instant now);
}
