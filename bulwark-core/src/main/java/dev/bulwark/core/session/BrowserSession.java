package dev.bulwark.core.session;

import dev.bulwark.core.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user signed in on the hosted pages in one browser: what lets a second app sign in without asking again
 * (single sign-on), unless {@code prompt=login} or {@code max_age} demand a fresh sign-in. The browser holds an
 * opaque cookie; this stores its digest.
 */
public record BrowserSession(String digest, UserId userId, Instant authTime, List<String> methods, Instant createdAt,
                             Instant expiresAt) {
    public BrowserSession {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(authTime, "authTime");
        methods = List.copyOf(methods);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
