package dev.bulwark.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a session's refresh tokens stand: the generation of its current token (0 for the first) and when that token
 * was issued. Every token of a lower generation has been superseded ({@link RefreshTokenFormat}).
 */
public record RefreshGeneration(long number, Instant issuedAt) {
    public RefreshGeneration {
        if (number < 0) {
            throw new IllegalArgumentException("a generation is not negative");
        }
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** A session's first: generation 0, issued when the session started. */
    public static RefreshGeneration first(Instant at) {
        return new RefreshGeneration(0, at);
    }

    public RefreshGeneration next(Instant at) {
        return new RefreshGeneration(number + 1, at);
    }
}
