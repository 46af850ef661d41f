package dev.bulwark.core.session;

import java.util.Optional;

/**
 * Port: the refresh tokens issued before tokens named their session ({@link RefreshTokenFormat}), kept as SHA-256
 * digests, one per session: the session's current token when the database was migrated. Such a token counts as
 * generation 0 of its session; its first refresh moves the session to tokens of the new form. The rows go with their
 * sessions. Never returns null.
 */
public interface LegacyRefreshTokens {

    /** The session whose current token, at the migration, had this digest. */
    Optional<SessionId> sessionOf(String digest);
}
